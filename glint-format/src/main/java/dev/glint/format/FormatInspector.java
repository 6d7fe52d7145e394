package dev.glint.format;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Inspects image data as it streams past, once, in bounded memory: every format's probe looks at
 * the chunks and keeps only the few regions (headers, tables, descriptors) its specification
 * points to, and the last 1.5 KiB are kept for the formats that end in a footer. Nothing is
 * spooled and no program is run: this is what stands between untrusted data and {@code qemu-img}.
 *
 * <p>Feed it the bytes in order ({@link #update}); {@link #refusal()} tells whether the data is
 * already known to be refused (a mismatch shows in the first bytes, a backing file in the header),
 * so a caller can stop reading; {@link #finish()} gives the verdict on the whole data (a table
 * past the end, a missing footer, a fixed VHD show only there). The verdict follows Glance's
 * {@code [image_format]} settings ({@link FormatRules}).
 *
 * <p>The early verdict is taken at every {@value #CHECKPOINT}-byte boundary of the data, on
 * exactly the bytes before it, so it does not depend on how the data happens to be chunked: the
 * same data is refused at the same byte, for the same reason, however it arrives.
 *
 * <p>One reader at a time: not thread-safe.
 */
public final class FormatInspector {

    /** Where the early verdict is taken: every 64 KiB of data. */
    static final int CHECKPOINT = 64 * 1024;

    private final FormatRules rules;
    private final DeclaredFormat declared;
    private final boolean bare;
    private final List<Probe> formats;
    private final PartitionTableProbe partitions = new PartitionTableProbe();
    private final List<Probe> probes;
    private final Tail tail = new Tail();
    private long position;
    private Refusal early;
    private boolean quiet;
    private Inspection result;

    /**
     * @param diskFormat      the image's {@code disk_format}, which the data must match
     * @param containerFormat the image's {@code container_format}: only {@code bare} data is the
     *                        disk itself, so only its format must match (as in Glance) and only it
     *                        gets a virtual size; the safety checks apply to every container
     */
    public FormatInspector(FormatRules rules, String diskFormat, String containerFormat) {
        this.rules = rules;
        this.declared = DeclaredFormat.of(diskFormat);
        this.bare = containerFormat == null || containerFormat.isBlank() || containerFormat.trim().equalsIgnoreCase("bare");
        this.formats = List.of(new Qcow2Probe(), new VmdkProbe(rules), new VhdProbe(), new VhdxProbe(), new VdiProbe(),
                new IsoProbe(), SignatureProbe.ploop(), SignatureProbe.qed(), SignatureProbe.luks(), SignatureProbe.bochs(),
                SignatureProbe.cloop());
        this.probes = Stream.concat(formats.stream(), Stream.of(partitions)).toList();
    }

    /** Looks at the next {@code length} bytes of the data. */
    public void update(byte[] data, int offset, int length) {
        if (result != null) {
            throw new IllegalStateException("The inspection is finished");
        }
        while (length > 0) {
            long checkpoint = (position / CHECKPOINT + 1) * CHECKPOINT;
            int n = (int) Math.min(length, checkpoint - position);
            for (Probe probe : probes) {
                probe.accept(position, data, offset, n);
            }
            tail.update(data, offset, n);
            position += n;
            offset += n;
            length -= n;
            if (position == checkpoint && early == null && !quiet) {
                early = refusal(false);
                // Once every probe has decided and asks for nothing more, nothing changes before the end.
                quiet = probes.stream().allMatch(Probe::idle);
            }
        }
    }

    /** Why the data is refused, as far as the bytes seen so far tell; empty while nothing speaks against it. */
    public Optional<Refusal> refusal() {
        return Optional.ofNullable(result != null ? result.refusal() : early);
    }

    /** Bytes seen so far. */
    public long inspected() {
        return position;
    }

    /** The verdict on the whole data; call once the data has ended (later calls return the same). */
    public Inspection finish() {
        if (result == null) {
            for (Probe probe : probes) {
                probe.finish(position, tail);
            }
            result = conclude();
        }
        return result;
    }

    private Inspection conclude() {
        List<Probe> matched = matched();
        Refusal refusal = early != null ? early : refusal(true);
        ImageFormat detected = matched.isEmpty() ? ImageFormat.RAW : matched.get(0).format();
        Long stated = matched.isEmpty() ? null : matched.get(0).virtualSize();
        List<String> warnings = new ArrayList<>();
        Long virtualSize = null;
        if (refusal == null && bare) {
            if (declared.accepts(detected)) {
                virtualSize = declared.virtualSize(detected, stated, position);
            } else {
                warnings.add(mismatch(detected.description()).message() + "; accepted, since "
                        + FormatRules.KEY_REQUIRE_MATCH + " is off");
            }
        }
        if (refusal == null && virtualSize != null && virtualSize > rules.virtualSizeCap()) {
            refusal = overCap(virtualSize);
        }
        if (partitions.matched()) {
            partitions.violations().stream().filter(v -> !rules.fatal(v.check()))
                    .forEach(v -> warnings.add(v.message() + " (non-fatal: " + FormatRules.KEY_NONFATAL + ")"));
        }
        PartitionTable table = partitions.matched() ? partitions.kind() : PartitionTable.NONE;
        return new Inspection(detected, table, refusal == null ? virtualSize : null, position, warnings, refusal);
    }

    private List<Probe> matched() {
        return formats.stream().filter(Probe::matched).toList();
    }

    /**
     * The first reason to refuse, in order: two formats at once, what a format's own checks
     * found, a virtual size over the cap, a format other than the declared one, an invalid
     * partition table (when that check is fatal). Before the end only what is already certain
     * counts: probes that have matched, and the declared format's probe having failed.
     */
    private Refusal refusal(boolean atEnd) {
        List<Probe> matched = matched();
        if (matched.size() > 1) {
            return polyglot(matched.get(0).format().description(), matched.get(1).format().description());
        }
        if (matched.size() == 1 && partitions.matched() && matched.get(0).occupiesStart()) {
            return polyglot(matched.get(0).format().description(), "a disk with a partition table");
        }
        for (Probe probe : matched) {
            if (!probe.violations().isEmpty()) {
                return first(probe.violations());
            }
            if (probe.virtualSize() != null && probe.virtualSize() > rules.virtualSizeCap()) {
                return overCap(probe.virtualSize());
            }
        }
        if (bare && rules.requireFormatMatch() && declared.declared()) {
            if (!matched.isEmpty() && !declared.accepts(matched.get(0).format())) {
                return mismatch(matched.get(0).format().description());
            }
            Optional<Probe> own = declared.own().flatMap(format -> formats.stream()
                    .filter(probe -> probe.format() == format).findFirst());
            if (matched.isEmpty() && own.isPresent() && own.get().state() == Probe.State.NO_MATCH) {
                return mismatch(atEnd ? ImageFormat.RAW.description() : "not " + own.get().format().description());
            }
        }
        if (partitions.matched()) {
            List<Violation> fatal = partitions.violations().stream().filter(v -> rules.fatal(v.check())).toList();
            if (!fatal.isEmpty()) {
                return first(fatal);
            }
        }
        return null;
    }

    /** The violation to report: by the order of the reasons, then of the messages, so the choice never varies. */
    private static Refusal first(List<Violation> violations) {
        return violations.stream()
                .min(java.util.Comparator.comparing((Violation v) -> v.reason().ordinal()).thenComparing(Violation::message))
                .orElseThrow().refusal();
    }

    private Refusal mismatch(String data) {
        return new Refusal(Refusal.Reason.FORMAT_MISMATCH, "The image's disk_format is " + declared.name()
                + " but its data is " + data + " (" + FormatRules.KEY_REQUIRE_MATCH + ")");
    }

    private static Refusal polyglot(String one, String other) {
        return new Refusal(Refusal.Reason.POLYGLOT, "The image data is both " + one + " and " + other
                + ": such a polyglot is read as either, depending on who reads it");
    }

    private Refusal overCap(long virtualSize) {
        return new Refusal(Refusal.Reason.VIRTUAL_SIZE_CAP, "The image's virtual size of " + virtualSize
                + " bytes is above the cap of " + rules.virtualSizeCap() + " bytes (" + FormatRules.KEY_VIRTUAL_SIZE_CAP + ")");
    }
}
