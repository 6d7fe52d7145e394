package dev.glint.format;

import static dev.glint.format.Bytes.u32be;
import static dev.glint.format.Bytes.u64be;

import java.util.ArrayList;
import java.util.List;

/**
 * qcow2, from QEMU's specification (docs/interop/qcow2.txt): the big-endian header (72 bytes in
 * version 2, at least 104 in version 3), the header extensions that follow it in the first
 * cluster, and the tables the header points to.
 *
 * <p>Refused: a backing file (qemu would open it from its host), an external data file (the
 * incompatible feature bit, or the data file name extension), incompatible feature bits this
 * inspector does not know, an image marked corrupt, header fields out of their ranges, an L1 table
 * too small for the virtual size, tables that lie past the end of the data. qcow version 1 shares
 * the magic and is refused outright: it can name a backing file too.
 */
final class Qcow2Probe extends Probe {

    private static final byte[] MAGIC = {'Q', 'F', 'I', (byte) 0xfb};
    private static final int V2_HEADER = 72;
    private static final int V3_FIELDS = 32;
    private static final long CORRUPT = 1L << 1;
    private static final long EXTERNAL_DATA_FILE = 1L << 2;
    private static final long EXTENDED_L2 = 1L << 4;
    /** dirty, corrupt, external data file, compression type, extended L2 entries. */
    private static final long KNOWN_INCOMPATIBLE = 0x1f;
    private static final int EXTENSION_END = 0;
    private static final int EXTENSION_DATA_FILE = 0x44415441;
    private static final int MAX_EXTENSIONS = 1024;
    /** QEMU's limits: the file name fields, the L1 table, the refcount table, the snapshots. */
    private static final int MAX_NAME = 1023;
    private static final long MAX_L1_BYTES = 32L << 20;
    private static final long MAX_REFCOUNT_TABLE_BYTES = 8L << 20;
    private static final long MAX_SNAPSHOTS = 65536;
    private static final long MAX_OFFSET = 1L << 62;

    private record Table(String what, long offset, long end) {
    }

    private final List<Table> tables = new ArrayList<>();
    private ImageFormat format = ImageFormat.QCOW2;
    private long clusterSize;
    private long virtualSize;
    private long l1Entries;
    private boolean dataFileBit;
    private boolean dataFileReported;
    private int extensions;

    Qcow2Probe() {
        capture(0, V2_HEADER, MAGIC.length, "header", this::header);
    }

    @Override
    ImageFormat format() {
        return format;
    }

    private void header(byte[] h) {
        if (!Bytes.at(h, 0, MAGIC)) {
            noMatch();
            return;
        }
        match();
        if (h.length < 8) {
            truncated("header", 0, V2_HEADER, position());
            return;
        }
        long version = u32be(h, 4);
        if (version == 1) {
            format = ImageFormat.QCOW;
            violation(Refusal.Reason.UNSUPPORTED_FORMAT, "The image data is a qcow (version 1) image, which can name a"
                    + " backing file; only qcow2 (versions 2 and 3) is accepted");
            return;
        }
        if (version != 2 && version != 3) {
            inconsistent("version " + version + " (qcow2 has versions 2 and 3)");
            return;
        }
        if (h.length < V2_HEADER) {
            truncated("header", 0, V2_HEADER, position());
            return;
        }
        long clusterBits = u32be(h, 20);
        if (clusterBits < 9 || clusterBits > 21) {
            inconsistent("cluster bits " + clusterBits + " (9 to 21 are valid)");
            return;
        }
        clusterSize = 1L << clusterBits;
        virtualSize = u64be(h, 24);
        if (virtualSize < 0) {
            inconsistent("an absurd virtual size of " + Bytes.unsigned(virtualSize) + " bytes");
            return;
        }
        virtualSize(virtualSize);
        long backingOffset = u64be(h, 8);
        long backingLength = u32be(h, 16);
        if (backingOffset != 0) {
            backingFile(backingOffset, backingLength);
        }
        long crypt = u32be(h, 32);
        if (crypt > 2) {
            inconsistent("encryption method " + crypt + " (0 to 2 exist)");
        }
        l1Entries = u32be(h, 36);
        long l1Offset = u64be(h, 40);
        long refcountOffset = u64be(h, 48);
        long refcountClusters = u32be(h, 56);
        long snapshots = u32be(h, 60);
        long snapshotsOffset = u64be(h, 64);
        if (l1Entries * 8 > MAX_L1_BYTES) {
            inconsistent("an L1 table of " + l1Entries + " entries (QEMU reads at most " + MAX_L1_BYTES / 8 + ")");
        }
        if (l1Entries > 0) {
            table("L1 table", l1Offset, l1Entries * 8);
        }
        if (refcountClusters == 0 || refcountClusters * clusterSize > MAX_REFCOUNT_TABLE_BYTES) {
            inconsistent("a refcount table of " + refcountClusters + " clusters");
        } else {
            table("refcount table", refcountOffset, refcountClusters * clusterSize);
        }
        if (snapshots > MAX_SNAPSHOTS) {
            inconsistent(snapshots + " snapshots (QEMU reads at most " + MAX_SNAPSHOTS + ")");
        } else if (snapshots > 0) {
            // Snapshot entries vary in length; each is at least 40 bytes.
            table("snapshot table", snapshotsOffset, snapshots * 40);
        }
        if (version == 3) {
            capture(V2_HEADER, V3_FIELDS, "version 3 header", this::version3, () -> truncated("version 3 header", 0,
                    V2_HEADER + V3_FIELDS, position()));
        } else {
            checkL1(false);
            extensions(V2_HEADER);
        }
    }

    private void version3(byte[] h) {
        long incompatible = u64be(h, 0);
        long refcountOrder = u32be(h, 24);
        long headerLength = u32be(h, 28);
        if ((incompatible & ~KNOWN_INCOMPATIBLE) != 0) {
            violation(Refusal.Reason.UNKNOWN_FEATURES, "The image data is a qcow2 image that uses incompatible features"
                    + " this service does not know (feature bits 0x" + Long.toHexString(incompatible & ~KNOWN_INCOMPATIBLE)
                    + "); qemu-img would read it in ways that were not checked");
        }
        if ((incompatible & CORRUPT) != 0) {
            inconsistent("the image is marked corrupt");
        }
        dataFileBit = (incompatible & EXTERNAL_DATA_FILE) != 0;
        if (refcountOrder > 6) {
            inconsistent("refcount order " + refcountOrder + " (0 to 6 are valid)");
        }
        if (headerLength < V2_HEADER + V3_FIELDS || headerLength % 8 != 0 || headerLength > clusterSize) {
            inconsistent("a header length of " + headerLength + " bytes");
            return;
        }
        checkL1((incompatible & EXTENDED_L2) != 0);
        extensions(headerLength);
    }

    /** QEMU refuses an L1 table with fewer entries than the virtual size needs. */
    private void checkL1(boolean extendedL2) {
        long l2Entries = clusterSize / (extendedL2 ? 16 : 8);
        long bytesPerL1Entry = l2Entries * clusterSize;
        long needed = (virtualSize + bytesPerL1Entry - 1) / bytesPerL1Entry;
        if (needed > l1Entries) {
            inconsistent("an L1 table of " + l1Entries + " entries, too small for a virtual size of " + virtualSize
                    + " bytes (it needs " + needed + ")");
        }
    }

    private void table(String what, long offset, long length) {
        if (offset < 0 || offset > MAX_OFFSET || offset % clusterSize != 0) {
            inconsistent("its " + what + " at offset " + Bytes.unsigned(offset) + ", which is not a cluster boundary in range");
            return;
        }
        tables.add(new Table(what, offset, offset + length));
    }

    private void backingFile(long offset, long length) {
        Runnable nameless = () -> violation(Refusal.Reason.BACKING_FILE, "The image data is a qcow2 image with a backing"
                + " file: qemu-img and the hypervisor would read that file on their host");
        if (length == 0 || length > MAX_NAME || offset < V2_HEADER || offset + length > clusterSize) {
            nameless.run();
            return;
        }
        capture(offset, (int) length, "backing file name", name -> violation(Refusal.Reason.BACKING_FILE,
                "The image data is a qcow2 image with a backing file (" + Bytes.text(name) + "): qemu-img and the"
                        + " hypervisor would read that file on their host"), nameless);
    }

    /** Walks the header extensions, which QEMU reads up to the end of the first cluster. */
    private void extensions(long at) {
        if (at + 8 > clusterSize) {
            extensionsDone();
            return;
        }
        capture(at, 8, "header extension", e -> extension(at, e), () -> {
            truncated("header extensions", 0, at + 8, position());
            extensionsDone();
        });
    }

    private void extension(long at, byte[] e) {
        int type = (int) u32be(e, 0);
        long length = u32be(e, 4);
        if (type == EXTENSION_END) {
            extensionsDone();
            return;
        }
        if (++extensions > MAX_EXTENSIONS) {
            inconsistent("more than " + MAX_EXTENSIONS + " header extensions");
            extensionsDone();
            return;
        }
        long dataEnd = at + 8 + length;
        if (dataEnd > clusterSize) {
            inconsistent("header extension 0x" + Integer.toHexString(type) + " at offset " + at
                    + " runs past the first cluster");
            extensionsDone();
            return;
        }
        if (type == EXTENSION_DATA_FILE) {
            if (length > 0 && length <= MAX_NAME) {
                capture(at + 8, (int) length, "data file name", name -> dataFile(Bytes.text(name)), () -> dataFile(null));
            } else {
                dataFile(null);
            }
        }
        extensions(at + 8 + ((length + 7) & ~7L));
    }

    private void dataFile(String name) {
        if (dataFileReported) {
            return;
        }
        dataFileReported = true;
        violation(Refusal.Reason.DATA_FILE, "The image data is a qcow2 image with an external data file"
                + (name == null ? "" : " (" + name + ")") + ": qemu-img and the hypervisor would read that file on their"
                + " host");
    }

    /** The feature bit alone also means an external data file (the name may come from elsewhere). */
    private void extensionsDone() {
        if (dataFileBit) {
            // The name, when there is one, is reported with it: wait for the walk to end.
            dataFile(null);
        }
    }

    @Override
    void atEnd(long size, Tail tail) {
        if (format != ImageFormat.QCOW2) {
            return;
        }
        if (dataFileBit) {
            dataFile(null);
        }
        for (Table table : tables) {
            if (table.end() > size) {
                pastEnd(table.what(), table.offset(), table.end(), size);
            }
        }
    }
}
