package dev.glint.imports.config;

import dev.glint.domain.imports.WebDownloadConfig;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.glint.domain.imports.WebDownloadRules;
import dev.glint.format.FormatConfig;
import dev.glint.format.FormatRules;
import dev.glint.imports.plugins.ImportPlugin;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The import config mappings read by SmallRye Config as Quarkus reads them, without booting Quarkus. */
class ImportConfigMappingTest {

    private static SmallRyeConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                // Quarkus's converter, which reads "10s" as well as "PT10S".
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(WebDownloadConfig.class)
                .withMapping(ImportConfig.class)
                .withMapping(FormatConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500))
                .withValidateUnknown(true)
                .build();
    }

    @Test
    void defaultsAreGlancesWithPrivateNetworksDenied() {
        SmallRyeConfig config = config(Map.of());
        WebDownloadConfig web = config.getConfigMapping(WebDownloadConfig.class);
        assertEquals(WebDownloadRules.defaults(), web.rules());
        assertEquals(Duration.ofSeconds(10), web.connectTimeout());
        assertEquals(Duration.ofSeconds(30), web.idleTimeout());
        assertEquals(5, web.maxRedirects());

        ImportConfig plugins = config.getConfigMapping(ImportConfig.class);
        assertTrue(plugins.plugins().isEmpty());
        assertEquals("raw", plugins.conversion().outputFormat());
        assertEquals("qemu-img", plugins.conversion().qemuImg());
        // Glance's [glance_download_properties] extra_properties default.
        assertEquals(List.of("hw_", "trait:", "os_distro", "os_secure_boot", "os_type"),
                plugins.glanceDownload().properties());
        assertEquals(Duration.ofHours(1), plugins.conversion().timeout());
    }

    @Test
    void everyKeyIsRead() {
        SmallRyeConfig config = config(Map.ofEntries(
                Map.entry("glint.import.web-download.allowed-schemes", "*"),
                Map.entry("glint.import.web-download.disallowed-schemes", "ftp,file"),
                Map.entry("glint.import.web-download.allowed-hosts", "mirror.example.org,[2001:db8::1]"),
                Map.entry("glint.import.web-download.disallowed-hosts", "evil.example.com"),
                Map.entry("glint.import.web-download.allowed-ports", "*"),
                Map.entry("glint.import.web-download.disallowed-ports", "22,25"),
                Map.entry("glint.import.web-download.deny-private-networks", "false"),
                Map.entry("glint.import.web-download.connect-timeout", "3s"),
                Map.entry("glint.import.web-download.idle-timeout", "PT2M"),
                Map.entry("glint.import.web-download.max-redirects", "2"),
                Map.entry("glint.import.plugins", "image-decompression,image_conversion"),
                Map.entry("glint.import.conversion.output-format", "qcow2"),
                Map.entry("glint.import.conversion.qemu-img", "/usr/local/bin/qemu-img"),
                Map.entry("glint.import.conversion.timeout", "20m")));
        WebDownloadConfig web = config.getConfigMapping(WebDownloadConfig.class);
        WebDownloadRules rules = web.rules();
        assertEquals(Set.of(), rules.allowedSchemes());
        assertEquals(Set.of("ftp", "file"), rules.disallowedSchemes());
        assertEquals(Set.of("mirror.example.org", "2001:db8::1"), rules.allowedHosts());
        assertEquals(Set.of("evil.example.com"), rules.disallowedHosts());
        assertEquals(Set.of(), rules.allowedPorts());
        assertEquals(Set.of(22, 25), rules.disallowedPorts());
        assertEquals(false, rules.denyPrivateNetworks());
        assertEquals(Duration.ofSeconds(3), web.connectTimeout());
        assertEquals(Duration.ofMinutes(2), web.idleTimeout());
        assertEquals(2, web.maxRedirects());

        ImportConfig plugins = config.getConfigMapping(ImportConfig.class);
        assertEquals(List.of(ImportPlugin.IMAGE_DECOMPRESSION, ImportPlugin.IMAGE_CONVERSION),
                ImportPlugin.parse(plugins.plugins().orElseThrow()));
        assertEquals("qcow2", plugins.conversion().outputFormat());
        assertEquals("/usr/local/bin/qemu-img", plugins.conversion().qemuImg());
        assertEquals(Duration.ofMinutes(20), plugins.conversion().timeout());
    }

    @Test
    void theImageFormatSettingsAreGlances() {
        assertEquals(FormatRules.defaults(), config(Map.of()).getConfigMapping(FormatConfig.class).rules());
        FormatRules set = config(Map.of(
                "glint.image-format.require-image-format-match", "false",
                "glint.image-format.vmdk-allowed-types", "streamOptimized",
                "glint.image-format.gpt-safety-checks-nonfatal", "none",
                "glint.image-format.virtual-size-cap", "1099511627776"))
                .getConfigMapping(FormatConfig.class).rules();
        assertEquals(new FormatRules(false, Set.of("streamOptimized"), Set.of(), 1L << 40), set);
        assertEquals(Set.of(), config(Map.of("glint.image-format.vmdk-allowed-types", "none"))
                .getConfigMapping(FormatConfig.class).rules().vmdkAllowedTypes());
    }

    @Test
    void allowedPortsMustBeNumbersOrStar() {
        WebDownloadConfig web = config(Map.of("glint.import.web-download.allowed-ports", "80,http"))
                .getConfigMapping(WebDownloadConfig.class);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, web::rules);
        assertEquals("glint.import.web-download.allowed-ports holds http, which is neither a port number nor *",
                e.getMessage());
    }
}
