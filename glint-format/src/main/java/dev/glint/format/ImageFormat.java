package dev.glint.format;

/**
 * A disk image format the inspector recognises from the data itself. {@link #diskFormat()} is the
 * Glance {@code disk_format} name (qemu calls VHD "vpc"); formats without a Glance name
 * (qcow version 1, QED, LUKS, Bochs, cloop) are recognised so that they cannot pass as raw data:
 * qemu would probe them and read them as what they are.
 */
public enum ImageFormat {
    RAW("raw", "raw (no format recognised)"),
    QCOW2("qcow2", "a qcow2 image"),
    QCOW("qcow", "a qcow (version 1) image"),
    VMDK("vmdk", "a VMDK image"),
    VHD("vhd", "a VHD image"),
    VHDX("vhdx", "a VHDX image"),
    VDI("vdi", "a VDI image"),
    ISO("iso", "an ISO 9660 image"),
    PLOOP("ploop", "a ploop (Parallels) image"),
    QED("qed", "a QED image"),
    LUKS("luks", "a LUKS-encrypted image"),
    BOCHS("bochs", "a Bochs image"),
    CLOOP("cloop", "a cloop image");

    private final String diskFormat;
    private final String description;

    ImageFormat(String diskFormat, String description) {
        this.diskFormat = diskFormat;
        this.description = description;
    }

    /** The Glance {@code disk_format} name of the format. */
    public String diskFormat() {
        return diskFormat;
    }

    /** The format in words, for messages: "a qcow2 image", "raw data". */
    public String description() {
        return description;
    }
}
