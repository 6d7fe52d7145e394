package dev.glint.format;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.format.testing.ImageCorpus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inspector over real images made by qemu-img, genisoimage and xorriso, and over attacks made
 * from them by changing the bytes the formats' specifications name.
 */
class FormatInspectorTest {

    private static final long MIB = 1024 * 1024;

    @TempDir
    static Path dir;
    private static ImageCorpus corpus;
    private static Path qcow2;
    private static Path vmdk;
    private static Path vhd;
    private static Path vhdFixed;
    private static Path vhdx;
    private static Path vdi;
    private static Path iso;

    @BeforeAll
    static void makeCorpus() throws IOException {
        ImageCorpus.requireTools();
        corpus = new ImageCorpus(dir);
        qcow2 = corpus.create("disk.qcow2", "qcow2", "64M");
        vmdk = corpus.create("disk.vmdk", "vmdk", "64M");
        vhd = corpus.create("disk.vhd", "vpc", "64M");
        vhdFixed = corpus.create("fixed.vhd", "vpc", "16M", "subformat=fixed");
        vhdx = corpus.create("disk.vhdx", "vhdx", "64M");
        vdi = corpus.create("disk.vdi", "vdi", "64M");
        iso = corpus.genisoimage("disc.iso");
    }

    private static Inspection inspect(Path file, String diskFormat) throws IOException {
        return Inspect.file(file, diskFormat);
    }

    private static Inspection inspect(Path file, String diskFormat, FormatRules rules) throws IOException {
        return Inspect.file(file, diskFormat, rules, 65536);
    }

    private static void accepted(Inspection result, ImageFormat format, long virtualSize) {
        assertNull(result.refusal(), () -> "refused: " + result.refusal());
        assertEquals(format, result.format());
        assertEquals(virtualSize, result.virtualSize());
    }

    private static Refusal refused(Inspection result, Refusal.Reason reason, String... words) {
        assertNotNull(result.refusal(), () -> "accepted as " + result.format());
        assertEquals(reason, result.refusal().reason(), result.refusal().message());
        for (String word : words) {
            assertTrue(result.refusal().message().contains(word), result.refusal().message());
        }
        return result.refusal();
    }

    // Every format, valid: accepted with the virtual size qemu-img reports.

    @Test
    void everyFormatMadeByQemuImgIsAcceptedWithQemuImgsVirtualSize() throws IOException {
        Path raw = corpus.raw("data.raw", 24 * MIB, (int) MIB, 1);
        Map<Path, String[]> images = new LinkedHashMap<>();
        images.put(qcow2, new String[] {"qcow2", "qcow2"});
        images.put(corpus.create("v2.qcow2", "qcow2", "64M", "compat=0.10"), new String[] {"qcow2", "qcow2"});
        images.put(corpus.convert(raw, "data.qcow2", "qcow2"), new String[] {"qcow2", "qcow2"});
        images.put(corpus.convert(raw, "big-clusters.qcow2", "qcow2", "cluster_size=2M"), new String[] {"qcow2", "qcow2"});
        images.put(corpus.convert(raw, "subclusters.qcow2", "qcow2", "extended_l2=on,cluster_size=128k"),
                new String[] {"qcow2", "qcow2"});
        images.put(corpus.create("zstd.qcow2", "qcow2", "1G", "compression_type=zstd,lazy_refcounts=on"),
                new String[] {"qcow2", "qcow2"});
        images.put(vmdk, new String[] {"vmdk", "vmdk"});
        images.put(corpus.convert(raw, "stream.vmdk", "vmdk", "subformat=streamOptimized"), new String[] {"vmdk", "vmdk"});
        images.put(corpus.convert(raw, "data.vmdk", "vmdk"), new String[] {"vmdk", "vmdk"});
        images.put(vhd, new String[] {"vhd", "vpc"});
        images.put(vhdFixed, new String[] {"vhd", "vpc"});
        images.put(corpus.convert(raw, "data.vhd", "vpc"), new String[] {"vhd", "vpc"});
        images.put(vhdx, new String[] {"vhdx", "vhdx"});
        images.put(corpus.create("fixed.vhdx", "vhdx", "16M", "subformat=fixed"), new String[] {"vhdx", "vhdx"});
        images.put(vdi, new String[] {"vdi", "vdi"});
        images.put(corpus.create("static.vdi", "vdi", "16M", "static=on"), new String[] {"vdi", "vdi"});
        images.put(corpus.create("disk.ploop", "parallels", "64M"), new String[] {"ploop", "parallels"});
        images.put(raw, new String[] {"raw", "raw"});
        for (Map.Entry<Path, String[]> image : images.entrySet()) {
            String diskFormat = image.getValue()[0];
            Inspection result = inspect(image.getKey(), diskFormat);
            assertNull(result.refusal(), () -> image.getKey() + " refused: " + result.refusal());
            assertEquals(diskFormat, result.format().diskFormat(), image.getKey().toString());
            assertEquals(ImageCorpus.qemuVirtualSize(image.getKey(), image.getValue()[1]), result.virtualSize(),
                    image.getKey().toString());
        }
    }

    @Test
    void isoImagesAreAcceptedWithTheirVolumeSize() throws IOException {
        accepted(inspect(iso, "iso"), ImageFormat.ISO, volumeSize(iso));
        Path hybridMbr = corpus.xorriso("hybrid-mbr.iso", "--protective-msdos-label");
        Inspection mbr = inspect(hybridMbr, "iso");
        accepted(mbr, ImageFormat.ISO, volumeSize(hybridMbr));
        assertEquals(PartitionTable.MBR, mbr.partitionTable());
        assertEquals(List.of(), mbr.warnings());
        Path hybridGpt = corpus.xorriso("hybrid-gpt.iso", "-append_partition", "2", "0xef", vdi.toString(),
                "-appended_part_as_gpt");
        Inspection gpt = inspect(hybridGpt, "iso", FormatRules.defaults().withNonfatalChecks(Set.of()));
        accepted(gpt, ImageFormat.ISO, volumeSize(hybridGpt));
        assertEquals(PartitionTable.GPT, gpt.partitionTable());
        assertTrue(volumeSize(hybridGpt) < Files.size(hybridGpt), "the appended partition lies past the volume");
    }

    private static long volumeSize(Path iso) throws IOException {
        byte[] pvd = ImageCorpus.read(iso, 32768, 2048);
        return (Byte.toUnsignedLong(pvd[80]) | Byte.toUnsignedLong(pvd[81]) << 8 | Byte.toUnsignedLong(pvd[82]) << 16
                | Byte.toUnsignedLong(pvd[83]) << 24) * 2048;
    }

    @Test
    void rawDataAndItsKindsGetTheirSizeAsVirtualSize() throws IOException {
        Path raw = corpus.raw("plain.raw", 5 * MIB + 3, 4096, 2);
        for (String kind : List.of("raw", "ami", "ari", "aki")) {
            accepted(inspect(raw, kind), ImageFormat.RAW, 5 * MIB + 3);
        }
        // A hypervisor reads an ISO declared raw as raw bytes: accepted, as Glance does.
        accepted(inspect(iso, "raw"), ImageFormat.ISO, Files.size(iso));
        // An operator's own disk_format cannot be checked, so raw data passes, with no virtual size.
        Inspection own = inspect(raw, "floppy");
        assertNull(own.refusal());
        assertNull(own.virtualSize());
        accepted(Inspect.bytes(new byte[0], "raw", "bare", FormatRules.defaults()), ImageFormat.RAW, 0);
    }

    @Test
    void partitionedRawDisksAreRawWithTheirTable() throws IOException {
        Inspection gpt = inspect(corpus.gptDisk("gpt.raw", 20480), "raw", FormatRules.defaults().withNonfatalChecks(Set.of()));
        accepted(gpt, ImageFormat.RAW, 20480 * 512);
        assertEquals(PartitionTable.GPT, gpt.partitionTable());
        Inspection mbr = inspect(corpus.mbrDisk("mbr.raw", 20480), "raw", FormatRules.defaults().withNonfatalChecks(Set.of()));
        accepted(mbr, ImageFormat.RAW, 20480 * 512);
        assertEquals(PartitionTable.MBR, mbr.partitionTable());
        assertEquals(List.of(), mbr.warnings());
    }

    // qcow2 attacks.

    @Test
    void qcow2WithABackingFileIsRefusedWhateverItClaims() throws IOException {
        Path child = corpus.createWithBacking("child.qcow2", "qcow2", Path.of("/etc/hostname"), "raw");
        refused(inspect(child, "qcow2"), Refusal.Reason.BACKING_FILE, "backing file (/etc/hostname)");
        refused(inspect(child, "raw"), Refusal.Reason.BACKING_FILE);
        refused(inspect(child, "raw", FormatRules.defaults().withRequireFormatMatch(false)), Refusal.Reason.BACKING_FILE);
    }

    @Test
    void qcow2WithAnExternalDataFileIsRefused() throws IOException {
        Path withData = corpus.create("data-file.qcow2", "qcow2", "64M", "data_file=" + dir.resolve("host-file"));
        refused(inspect(withData, "qcow2"), Refusal.Reason.DATA_FILE, "external data file (" + dir.resolve("host-file"));
        Path rawData = corpus.create("data-file-raw.qcow2", "qcow2", "64M",
                "data_file=" + dir.resolve("host-file-2"), "data_file_raw=on");
        refused(inspect(rawData, "qcow2"), Refusal.Reason.DATA_FILE);
        // The feature bit alone, without the name extension (qemu takes the name from its command line).
        Path bitOnly = corpus.patched(qcow2, "bit-only.qcow2", 72, ImageCorpus.be64(4));
        refused(inspect(bitOnly, "qcow2"), Refusal.Reason.DATA_FILE);
    }

    @Test
    void qcow2WithUnknownIncompatibleFeaturesIsRefused() throws IOException {
        Path unknown = corpus.patched(qcow2, "unknown-feature.qcow2", 72, ImageCorpus.be64(1L << 10));
        refused(inspect(unknown, "qcow2"), Refusal.Reason.UNKNOWN_FEATURES, "0x400");
        Path corrupt = corpus.patched(qcow2, "corrupt.qcow2", 72, ImageCorpus.be64(2));
        refused(inspect(corrupt, "qcow2"), Refusal.Reason.INCONSISTENT, "corrupt");
        Path qcow1 = corpus.create("old.qcow", "qcow", "10M");
        refused(inspect(qcow1, "qcow2"), Refusal.Reason.UNSUPPORTED_FORMAT, "version 1");
    }

    @Test
    void qcow2WithAbsurdOrInconsistentHeadersIsRefused() throws IOException {
        refused(inspect(corpus.patched(qcow2, "absurd.qcow2", 24, ImageCorpus.be64(Long.MIN_VALUE + 5)), "qcow2"),
                Refusal.Reason.INCONSISTENT, "absurd virtual size");
        refused(inspect(corpus.patched(qcow2, "small-l1.qcow2", 36, ImageCorpus.be32(0)), "qcow2"),
                Refusal.Reason.INCONSISTENT, "L1 table");
        refused(inspect(corpus.patched(qcow2, "clusters.qcow2", 20, ImageCorpus.be32(30)), "qcow2"),
                Refusal.Reason.INCONSISTENT, "cluster bits 30");
        refused(inspect(corpus.patched(qcow2, "version.qcow2", 4, ImageCorpus.be32(4)), "qcow2"),
                Refusal.Reason.INCONSISTENT, "version 4");
        refused(inspect(corpus.patched(qcow2, "l1-offset.qcow2", 40, ImageCorpus.be64(12345)), "qcow2"),
                Refusal.Reason.INCONSISTENT, "cluster boundary");
        // An extension that claims to run past the first cluster.
        refused(inspect(corpus.patched(qcow2, "extension.qcow2", 116, ImageCorpus.be32(1 << 20)), "qcow2"),
                Refusal.Reason.INCONSISTENT, "past the first cluster");
    }

    @Test
    void truncatedQcow2IsRefused() throws IOException {
        refused(inspect(corpus.truncated(qcow2, "cut-50.qcow2", 50), "qcow2"), Refusal.Reason.TRUNCATED, "header");
        refused(inspect(corpus.truncated(qcow2, "cut-90.qcow2", 90), "qcow2"), Refusal.Reason.TRUNCATED,
                "version 3 header");
        // Declared raw, the qcow2 magic still decides what the data is.
        refused(inspect(corpus.truncated(qcow2, "cut-raw.qcow2", 50), "raw"), Refusal.Reason.TRUNCATED);
        refused(inspect(corpus.truncated(qcow2, "cut-tables.qcow2", 131072), "qcow2"), Refusal.Reason.INCONSISTENT,
                "lies past the end of the data");
    }

    @Test
    void virtualSizesAboveTheCapAreRefused() throws IOException {
        Path huge = corpus.create("huge.qcow2", "qcow2", "2T");
        FormatRules capped = FormatRules.defaults().withVirtualSizeCap(1L << 40);
        refused(inspect(huge, "qcow2", capped), Refusal.Reason.VIRTUAL_SIZE_CAP, "glint.image-format.virtual-size-cap");
        accepted(inspect(huge, "qcow2"), ImageFormat.QCOW2, 2L << 40);
        refused(Inspect.bytes(new byte[4096], "raw", "bare", FormatRules.defaults().withVirtualSizeCap(1024)),
                Refusal.Reason.VIRTUAL_SIZE_CAP);
    }

    // VMDK attacks.

    @Test
    void vmdkCreateTypesOutsideTheAllowedListAreRefused() throws IOException {
        Path flat = corpus.create("flat.vmdk", "vmdk", "64M", "subformat=monolithicFlat");
        refused(inspect(flat, "vmdk"), Refusal.Reason.VMDK_CREATE_TYPE, "monolithicFlat",
                "glint.image-format.vmdk-allowed-types");
        Path split = corpus.create("split.vmdk", "vmdk", "64M", "subformat=twoGbMaxExtentSparse");
        refused(inspect(split, "vmdk"), Refusal.Reason.VMDK_CREATE_TYPE, "twoGbMaxExtentSparse");
        refused(inspect(vmdk, "vmdk", FormatRules.defaults().withVmdkAllowedTypes(Set.of("streamOptimized"))),
                Refusal.Reason.VMDK_CREATE_TYPE, "monolithicSparse");
        refused(inspect(vmdk, "vmdk", FormatRules.defaults().withVmdkAllowedTypes(Set.of())),
                Refusal.Reason.VMDK_CREATE_TYPE, "allowed: none");
        String descriptor = ImageCorpus.vmdkDescriptor(vmdk);
        refused(inspect(corpus.withVmdkDescriptor(vmdk, "vmfs.vmdk", descriptor.replace("monolithicSparse", "vmfs")),
                "vmdk"), Refusal.Reason.VMDK_CREATE_TYPE, "vmfs");
        refused(inspect(corpus.withVmdkDescriptor(vmdk, "no-type.vmdk",
                descriptor.replace("createType=\"monolithicSparse\"\n", "")), "vmdk"), Refusal.Reason.VMDK_CREATE_TYPE);
    }

    @Test
    void vmdkDescriptorsNamingOtherFilesAreRefused() throws IOException {
        // Even with its create type allowed, a descriptor file's data lies in other files.
        Path flat = corpus.create("flat-allowed.vmdk", "vmdk", "64M", "subformat=monolithicFlat");
        refused(inspect(flat, "vmdk", FormatRules.defaults().withVmdkAllowedTypes(Set.of("monolithicFlat"))),
                Refusal.Reason.VMDK_EXTENT, "flat-allowed-flat.vmdk");
        String descriptor = ImageCorpus.vmdkDescriptor(vmdk);
        refused(inspect(corpus.withVmdkDescriptor(vmdk, "host-file.vmdk",
                descriptor.replace("\"disk.vmdk\"", "\"/etc/shadow\"")), "vmdk"), Refusal.Reason.VMDK_EXTENT, "/etc/shadow");
        refused(inspect(corpus.withVmdkDescriptor(vmdk, "flat-extent.vmdk",
                descriptor.replace("SPARSE \"disk.vmdk\"", "FLAT \"other.img\" 0")), "vmdk"), Refusal.Reason.VMDK_EXTENT);
        refused(inspect(corpus.withVmdkDescriptor(vmdk, "two-extents.vmdk",
                descriptor.replace("SPARSE \"disk.vmdk\"\n", "SPARSE \"disk.vmdk\"\nRW 8 FLAT \"x.img\" 0\n")), "vmdk"),
                Refusal.Reason.VMDK_EXTENT, "2 extents");
        refused(inspect(corpus.withVmdkDescriptor(vmdk, "odd-line.vmdk", descriptor + "rm -rf /\n"), "vmdk"),
                Refusal.Reason.INCONSISTENT, "rm -rf /");
        // A descriptor file on its own, as qemu probes one: comments, then version=1.
        byte[] text = "# Disk DescriptorFile\nversion=1\ncreateType=\"monolithicSparse\"\nRW 100 SPARSE \"/dev/sda\"\n"
                .getBytes(StandardCharsets.US_ASCII);
        refused(Inspect.bytes(text, "vmdk", "bare", FormatRules.defaults()), Refusal.Reason.VMDK_EXTENT, "/dev/sda");
        refused(Inspect.bytes(text, "raw", "bare", FormatRules.defaults()), Refusal.Reason.VMDK_EXTENT);
        refused(Inspect.bytes(text, "raw", "bare", FormatRules.defaults().withRequireFormatMatch(false)),
                Refusal.Reason.VMDK_EXTENT);
    }

    @Test
    void vmdkWithAParentIsRefused() throws IOException {
        Path child = corpus.createWithBacking("child.vmdk", "vmdk", vmdk, "vmdk");
        refused(inspect(child, "vmdk"), Refusal.Reason.BACKING_FILE, "parentFileNameHint");
    }

    @Test
    void truncatedVmdkIsRefused() throws IOException {
        Path stream = vmwareStream("footer.vmdk");
        accepted(inspect(stream, "vmdk"), ImageFormat.VMDK, 8 * MIB);
        assertEquals(8 * MIB, ImageCorpus.qemuVirtualSize(stream, "vmdk"));
        refused(inspect(corpus.truncated(stream, "cut-stream-end.vmdk", Files.size(stream) - 512), "vmdk"),
                Refusal.Reason.TRUNCATED, "footer");
        refused(inspect(corpus.truncated(vmdk, "cut-descriptor.vmdk", 700), "vmdk"), Refusal.Reason.TRUNCATED,
                "embedded descriptor");
        refused(inspect(corpus.truncated(vmdk, "cut-header.vmdk", 100), "vmdk"), Refusal.Reason.TRUNCATED);
        refused(inspect(corpus.truncated(vmdk, "cut-grains.vmdk", 8192), "vmdk"), Refusal.Reason.INCONSISTENT,
                "grain directory");
    }

    /**
     * A streamOptimized VMDK as VMware writes it: the header's grain directory offset is "at the
     * end", and the stream ends with a footer marker, a footer (the header with the real offset)
     * and an end-of-stream marker. Made from qemu-img's streamOptimized output.
     */
    private static Path vmwareStream(String name) throws IOException {
        Path raw = corpus.raw(name + ".raw", 8 * MIB, (int) MIB, 3);
        Path qemu = corpus.convert(raw, name + ".qemu", "vmdk", "subformat=streamOptimized");
        byte[] header = ImageCorpus.read(qemu, 0, 512);
        byte[] tail = new byte[1536];
        ImageCorpus.le32(tail, 12, 3);
        System.arraycopy(header, 0, tail, 512, 512);
        Path stream = corpus.appended(qemu, name, tail);
        ImageCorpus.patch(stream, 56, new byte[] {-1, -1, -1, -1, -1, -1, -1, -1});
        return stream;
    }

    // VHD, VHDX, VDI attacks.

    @Test
    void vhdWithAParentIsRefused() throws IOException {
        refused(inspect(corpus.patched(vhd, "differencing.vhd", 60, ImageCorpus.be32(4)), "vhd"),
                Refusal.Reason.BACKING_FILE, "differencing");
        refused(inspect(corpus.patched(vhd, "locator.vhd", 512 + 576, ImageCorpus.be32(0x57326b75L)), "vhd"),
                Refusal.Reason.BACKING_FILE, "parent disk");
        refused(inspect(corpus.patched(vhd, "type.vhd", 60, ImageCorpus.be32(9)), "vhd"), Refusal.Reason.INCONSISTENT,
                "disk type 9");
    }

    @Test
    void truncatedVhdIsRefusedAndAFixedVhdCutShortIsNoVhd() throws IOException {
        refused(inspect(corpus.truncated(vhd, "cut.vhd", Files.size(vhd) - 512), "vhd"), Refusal.Reason.TRUNCATED,
                "footer");
        Path cutFixed = corpus.truncated(vhdFixed, "cut-fixed.vhd", Files.size(vhdFixed) - 100);
        refused(inspect(cutFixed, "vhd"), Refusal.Reason.FORMAT_MISMATCH, "raw");
        accepted(inspect(cutFixed, "raw"), ImageFormat.RAW, Files.size(vhdFixed) - 100);
    }

    @Test
    void vhdxWithAParentOrUnknownRequirementsIsRefused() throws IOException {
        long metadata = 3 * MIB;
        int parameters = metadataItem(vhdx, metadata, "caa16737fa364d43b3b633f0aa44e76b");
        byte[] hasParent = new byte[4];
        ImageCorpus.le32(hasParent, 0, 2);
        refused(inspect(corpus.patched(vhdx, "has-parent.vhdx", metadata + parameters + 4, hasParent), "vhdx"),
                Refusal.Reason.BACKING_FILE, "HasParent");
        // The virtual disk id entry turned into a parent locator.
        int entry = metadataEntry(vhdx, metadata, "beca12abb2e6452393efc309e000c746");
        refused(inspect(corpus.patched(vhdx, "locator.vhdx", metadata + entry, guid("a8d35f2db30b454dabf7d3d84834ab0c")),
                "vhdx"), Refusal.Reason.BACKING_FILE, "parent disk");
        refused(inspect(corpus.patched(vhdx, "required-item.vhdx", metadata + entry,
                guid("0123456789abcdef0123456789abcdef")), "vhdx"), Refusal.Reason.UNKNOWN_FEATURES);
        Path region = corpus.copy(vhdx, "required-region.vhdx");
        for (long table : new long[] {192 * 1024, 256 * 1024}) {
            byte[] t = ImageCorpus.read(region, table, 65536);
            long entries = t[8] & 0xff;
            int at = 16 + 32 * (int) entries;
            System.arraycopy(guid("0123456789abcdef0123456789abcdef"), 0, t, at, 16);
            ImageCorpus.le64(t, at + 16, 5 * MIB);
            ImageCorpus.le32(t, at + 24, MIB);
            ImageCorpus.le32(t, at + 28, 1);
            ImageCorpus.le32(t, 8, entries + 1);
            ImageCorpus.le32(t, 4, 0);
            CRC32C crc = new CRC32C();
            crc.update(t);
            ImageCorpus.le32(t, 4, crc.getValue());
            ImageCorpus.patch(region, table, t);
        }
        refused(inspect(region, "vhdx"), Refusal.Reason.UNKNOWN_FEATURES, "region");
        Path badTables = corpus.patched(vhdx, "bad-tables.vhdx", 192 * 1024 + 100, (byte) 1);
        ImageCorpus.patch(badTables, 256 * 1024 + 100, (byte) 1);
        refused(inspect(badTables, "vhdx"), Refusal.Reason.INCONSISTENT, "region tables");
        // One damaged table: the other one counts.
        accepted(inspect(corpus.patched(vhdx, "one-table.vhdx", 192 * 1024 + 100, (byte) 1), "vhdx"), ImageFormat.VHDX,
                64 * MIB);
        refused(inspect(corpus.truncated(vhdx, "cut.vhdx", 3 * MIB + 1000), "vhdx"), Refusal.Reason.TRUNCATED,
                "metadata table");
    }

    @Test
    void vdiWithAParentOrCutShortIsRefused() throws IOException {
        byte[] diff = new byte[4];
        ImageCorpus.le32(diff, 0, 4);
        refused(inspect(corpus.patched(vdi, "diff.vdi", 0x4c, diff), "vdi"), Refusal.Reason.BACKING_FILE);
        refused(inspect(corpus.patched(vdi, "link.vdi", 0x1a8, new byte[] {7}), "vdi"), Refusal.Reason.BACKING_FILE);
        refused(inspect(corpus.patched(vdi, "block.vdi", 0x178, new byte[] {0, 0, 2, 0}), "vdi"),
                Refusal.Reason.INCONSISTENT, "blocks of");
        refused(inspect(corpus.truncated(vdi, "cut.vdi", 600), "vdi"), Refusal.Reason.INCONSISTENT, "block map");
    }

    @Test
    void otherFormatsQemuProbesAreRecognisedAndNeverPassAsRaw() throws IOException {
        refused(inspect(corpus.create("disk.qed", "qed", "64M"), "raw"), Refusal.Reason.UNSUPPORTED_FORMAT, "QED");
        byte[] luks = {'L', 'U', 'K', 'S', (byte) 0xba, (byte) 0xbe, 0, 1};
        refused(Inspect.bytes(luks, "raw", "bare", FormatRules.defaults()), Refusal.Reason.FORMAT_MISMATCH, "LUKS");
        refused(Inspect.bytes("Bochs Virtual HD Image\0".getBytes(StandardCharsets.US_ASCII), "raw", "bare",
                FormatRules.defaults()), Refusal.Reason.FORMAT_MISMATCH, "Bochs");
        refused(inspect(corpus.create("disk.ploop", "parallels", "64M"), "raw"), Refusal.Reason.FORMAT_MISMATCH, "ploop");
    }

    @Test
    void truncatedIsoIsRefused() throws IOException {
        refused(inspect(corpus.truncated(iso, "cut.iso", 100_000), "iso"), Refusal.Reason.TRUNCATED, "volume is");
        refused(inspect(corpus.truncated(iso, "cut-descriptors.iso", 36_000), "iso"), Refusal.Reason.TRUNCATED,
                "volume descriptor 1");
        // Cut inside its first descriptor, nothing shows it was meant to be an ISO.
        refused(inspect(corpus.truncated(iso, "cut-first.iso", 33_000), "iso"), Refusal.Reason.FORMAT_MISMATCH);
    }

    // Polyglots and partition tables.

    @Test
    void dataThatIsTwoFormatsAtOnceIsRefused() throws IOException {
        Path isoQcow2 = corpus.patched(iso, "iso-qcow2.iso", 0, ImageCorpus.read(qcow2, 0, 32768));
        refused(inspect(isoQcow2, "iso"), Refusal.Reason.POLYGLOT, "a qcow2 image", "an ISO 9660 image");
        refused(inspect(isoQcow2, "qcow2"), Refusal.Reason.POLYGLOT);
        refused(inspect(isoQcow2, "raw"), Refusal.Reason.POLYGLOT);
        Path isoVmdk = corpus.patched(iso, "iso-vmdk.iso", 0, ("# Disk DescriptorFile\nversion=1\n"
                + "createType=\"monolithicSparse\"\nRW 100 SPARSE \"disc.iso\"\n\0").getBytes(StandardCharsets.US_ASCII));
        refused(inspect(isoVmdk, "iso"), Refusal.Reason.POLYGLOT, "VMDK");
        byte[] fixedFooter = ImageCorpus.read(vhdFixed, Files.size(vhdFixed) - 512, 512);
        refused(inspect(corpus.appended(qcow2, "qcow2-vhd.img", fixedFooter), "qcow2"), Refusal.Reason.POLYGLOT, "VHD");
        refused(inspect(corpus.patched(qcow2, "qcow2-mbr.img", 510, (byte) 0x55, (byte) 0xaa), "qcow2"),
                Refusal.Reason.POLYGLOT, "partition table");
    }

    @Test
    void partitionTableChecksAreNonFatalByDefaultAsInGlance30() throws IOException {
        FormatRules strict = FormatRules.defaults().withNonfatalChecks(Set.of());
        Path badBoot = corpus.patched(corpus.mbrDisk("boot.raw", 8192), "bad-boot.raw", 446, (byte) 0x42);
        Inspection lenient = inspect(badBoot, "raw");
        accepted(lenient, ImageFormat.RAW, 8192 * 512);
        assertEquals(1, lenient.warnings().size());
        assertTrue(lenient.warnings().get(0).contains("boot indicator 0x42"), lenient.warnings().toString());
        refused(inspect(badBoot, "raw", strict), Refusal.Reason.PARTITION_TABLE, "boot indicator 0x42");

        Path gpt = corpus.gptDisk("pmbr.raw", 8192);
        refused(inspect(corpus.patched(gpt, "extra.raw", 446 + 16 + 4, (byte) 0x83), "raw", strict),
                Refusal.Reason.PARTITION_TABLE, "other partitions");
        refused(inspect(corpus.patched(gpt, "no-header.raw", 512, new byte[8]), "raw", strict),
                Refusal.Reason.PARTITION_TABLE, "GPT header");
        refused(inspect(corpus.patched(gpt, "lba.raw", 446 + 8, (byte) 5), "raw", strict),
                Refusal.Reason.PARTITION_TABLE, "LBA 1");
        refused(inspect(corpus.patched(gpt, "crc.raw", 512 + 40, (byte) 99), "raw", strict),
                Refusal.Reason.PARTITION_TABLE, "checksum");
        byte[] noPartitions = new byte[16];
        refused(inspect(corpus.patched(corpus.mbrDisk("empty.raw", 8192), "none.raw", 446, noPartitions), "raw", strict),
                Refusal.Reason.PARTITION_TABLE, "no partition");
    }

    @Test
    void aFileSystemBootSectorIsNoPartitionTable() throws IOException {
        byte[] fat = new byte[512];
        fat[0] = (byte) 0xeb;
        fat[1] = 0x3c;
        fat[2] = (byte) 0x90;
        fat[11] = 0;
        fat[12] = 2; // 512 bytes per sector
        fat[13] = 4;
        fat[14] = 1;
        fat[16] = 2;
        fat[21] = (byte) 0xf8;
        fat[510] = 0x55;
        fat[511] = (byte) 0xaa;
        Inspection result = Inspect.bytes(fat, "raw", "bare", FormatRules.defaults().withNonfatalChecks(Set.of()));
        accepted(result, ImageFormat.RAW, 512);
        assertEquals(PartitionTable.NONE, result.partitionTable());
    }

    // Mismatches, both ways.

    @Test
    void dataOfAnotherFormatThanDeclaredIsRefused() throws IOException {
        Path raw = corpus.raw("mismatch.raw", 2 * MIB, 65536, 4);
        refused(inspect(qcow2, "raw"), Refusal.Reason.FORMAT_MISMATCH, "disk_format is raw", "a qcow2 image",
                "glint.image-format.require-image-format-match");
        refused(inspect(vmdk, "raw"), Refusal.Reason.FORMAT_MISMATCH, "a VMDK image");
        refused(inspect(vhdFixed, "raw"), Refusal.Reason.FORMAT_MISMATCH, "a VHD image");
        refused(inspect(raw, "qcow2"), Refusal.Reason.FORMAT_MISMATCH, "disk_format is qcow2", "not a qcow2 image");
        refused(inspect(raw, "vmdk"), Refusal.Reason.FORMAT_MISMATCH);
        refused(inspect(raw, "vhd"), Refusal.Reason.FORMAT_MISMATCH, "raw");
        refused(inspect(raw, "iso"), Refusal.Reason.FORMAT_MISMATCH);
        refused(inspect(iso, "qcow2"), Refusal.Reason.FORMAT_MISMATCH, "an ISO 9660 image");
        refused(inspect(qcow2, "iso"), Refusal.Reason.FORMAT_MISMATCH, "a qcow2 image");
        refused(inspect(vhdx, "vhd"), Refusal.Reason.FORMAT_MISMATCH);
        refused(inspect(vdi, "vmdk"), Refusal.Reason.FORMAT_MISMATCH);
        refused(inspect(qcow2, "ami"), Refusal.Reason.FORMAT_MISMATCH);
        refused(inspect(qcow2, "floppy"), Refusal.Reason.FORMAT_MISMATCH);
    }

    @Test
    void aMismatchCanBeToleratedButTheSafetyChecksStillApply() throws IOException {
        FormatRules tolerant = FormatRules.defaults().withRequireFormatMatch(false);
        Inspection result = inspect(qcow2, "raw", tolerant);
        assertNull(result.refusal());
        assertNull(result.virtualSize());
        assertTrue(result.warnings().get(0).contains("accepted"), result.warnings().toString());
        Path withData = corpus.create("tolerated.qcow2", "qcow2", "64M", "data_file=" + dir.resolve("host-file-3"));
        refused(inspect(withData, "raw", tolerant), Refusal.Reason.DATA_FILE);
    }

    @Test
    void containersOtherThanBareNeedNoMatchButAreStillChecked() throws IOException {
        byte[] image = Files.readAllBytes(qcow2);
        Inspection ova = Inspect.bytes(image, "raw", "ova", FormatRules.defaults());
        assertNull(ova.refusal());
        assertNull(ova.virtualSize());
        Path child = corpus.createWithBacking("contained.qcow2", "qcow2", Path.of("/etc/hostname"), "raw");
        refused(Inspect.bytes(Files.readAllBytes(child), "qcow2", "ovf", FormatRules.defaults()),
                Refusal.Reason.BACKING_FILE);
    }

    @Test
    void randomBytesAreRawData() {
        byte[] random = new byte[3 * 1024 * 1024];
        new Random(42).nextBytes(random);
        accepted(Inspect.bytes(random, "raw", "bare", FormatRules.defaults()), ImageFormat.RAW, random.length);
        for (String claimed : List.of("qcow2", "vmdk", "vhd", "vhdx", "vdi", "iso", "ploop")) {
            refused(Inspect.bytes(random, claimed, "bare", FormatRules.defaults()), Refusal.Reason.FORMAT_MISMATCH);
        }
    }

    // Streaming.

    @Test
    void theVerdictDoesNotDependOnHowTheDataIsChunked() throws IOException {
        List<Path> small = List.of(qcow2, vmdk, vhd, vdi, iso,
                corpus.createWithBacking("chunk-child.qcow2", "qcow2", Path.of("/etc/hostname"), "raw"),
                corpus.patched(iso, "chunk-polyglot.iso", 0, ImageCorpus.read(qcow2, 0, 32768)),
                corpus.withVmdkDescriptor(vmdk, "chunk-host.vmdk",
                        ImageCorpus.vmdkDescriptor(vmdk).replace("\"disk.vmdk\"", "\"/etc/shadow\"")),
                corpus.truncated(qcow2, "chunk-cut.qcow2", 90));
        for (Path file : small) {
            for (String claimed : List.of("raw", "qcow2", "vmdk", "vhd", "vdi", "iso")) {
                Inspection whole = Inspect.file(file, claimed, FormatRules.defaults(), Integer.MAX_VALUE / 2);
                // Byte by byte is slow: for two of the claims only.
                int[] chunks = claimed.equals("raw") || claimed.equals("vmdk") ? new int[] {1, 7, 511, 4099}
                        : new int[] {7, 4099};
                for (int chunk : chunks) {
                    Inspection chunked = Inspect.file(file, claimed, FormatRules.defaults(), chunk);
                    String what = file.getFileName() + " as " + claimed + " in chunks of " + chunk;
                    assertEquals(whole.format(), chunked.format(), what);
                    assertEquals(whole.virtualSize(), chunked.virtualSize(), what);
                    assertEquals(whole.refusal(), chunked.refusal(), what);
                }
            }
        }
        for (Path large : List.of(vhdx, vhdFixed)) {
            Inspection whole = Inspect.file(large, "vhdx", FormatRules.defaults(), 1 << 24);
            Inspection odd = Inspect.file(large, "vhdx", FormatRules.defaults(), 65537);
            assertEquals(whole.refusal(), odd.refusal(), large.toString());
            assertEquals(whole.virtualSize(), odd.virtualSize(), large.toString());
        }
    }

    @Test
    void aMismatchStopsTheStreamWithinTheFirstBytes() throws IOException {
        Path raw = corpus.raw("early.raw", 32 * MIB, (int) (32 * MIB), 5);
        Path big = corpus.convert(raw, "early.qcow2", "qcow2");
        assertTrue(Files.size(big) > 30 * MIB);
        FormatInspector inspector = new FormatInspector(FormatRules.defaults(), "raw", "bare");
        try (InputStream in = new InspectingStream(Files.newInputStream(big), inspector)) {
            byte[] buffer = new byte[65536];
            FormatRefusedException e = assertThrows(FormatRefusedException.class, () -> {
                while (in.read(buffer) >= 0) {
                    // reading
                }
            });
            assertEquals(Refusal.Reason.FORMAT_MISMATCH, e.refusal().reason());
        }
        assertTrue(inspector.inspected() <= 65536, "refused after " + inspector.inspected() + " bytes");

        FormatInspector backing = new FormatInspector(FormatRules.defaults(), "qcow2", "bare");
        Path child = corpus.createWithBacking("early-child.qcow2", "qcow2", Path.of("/etc/hostname"), "raw");
        try (InputStream in = new InspectingStream(Files.newInputStream(child), backing)) {
            assertThrows(FormatRefusedException.class, () -> in.readNBytes(1 << 20));
        }
        assertTrue(backing.inspected() < 1 << 20);
    }

    @Test
    void aValidImageIsReadThroughUnchanged() throws IOException {
        byte[] original = Files.readAllBytes(vhd);
        FormatInspector inspector = new FormatInspector(FormatRules.defaults(), "vhd", "bare");
        byte[] read;
        try (InputStream in = new InspectingStream(Files.newInputStream(vhd), inspector)) {
            read = in.readAllBytes();
        }
        assertEquals(java.util.Arrays.toString(original), java.util.Arrays.toString(read));
        assertNull(inspector.finish().refusal());
    }

    // Helpers for the VHDX attacks: the metadata table is at the start of the metadata region.

    private static int metadataEntry(Path vhdx, long metadata, String guidHex) throws IOException {
        byte[] table = ImageCorpus.read(vhdx, metadata, 65536);
        int entries = (table[10] & 0xff) | (table[11] & 0xff) << 8;
        byte[] wanted = guid(guidHex);
        for (int i = 0; i < entries; i++) {
            int at = 32 + 32 * i;
            if (java.util.Arrays.equals(java.util.Arrays.copyOfRange(table, at, at + 16), wanted)) {
                return at;
            }
        }
        throw new AssertionError("no metadata item " + guidHex);
    }

    private static int metadataItem(Path vhdx, long metadata, String guidHex) throws IOException {
        int at = metadataEntry(vhdx, metadata, guidHex);
        byte[] table = ImageCorpus.read(vhdx, metadata, 65536);
        return (table[at + 16] & 0xff) | (table[at + 17] & 0xff) << 8 | (table[at + 18] & 0xff) << 16
                | (table[at + 19] & 0xff) << 24;
    }

    /** The on-disk (mixed-endian) bytes of a GUID written as 32 hex digits. */
    private static byte[] guid(String hex) {
        byte[] plain = java.util.HexFormat.of().parseHex(hex);
        int[] order = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
        byte[] out = new byte[16];
        for (int i = 0; i < 16; i++) {
            out[order[i]] = plain[i];
        }
        return out;
    }
}
