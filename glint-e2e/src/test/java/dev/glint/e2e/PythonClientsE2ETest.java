package dev.glint.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's python3-glanceclient and python3-openstacksdk against the suite, through the scripts
 * in {@code src/test/resources/clients}: create, list, show, update, tags, members, upload and
 * download, deactivate/reactivate, delete, and paging through 250 images 100 at a time.
 */
class PythonClientsE2ETest {

    /** Debian's interpreter, which has the Debian client packages (another python3 may come first on PATH). */
    private static final String PYTHON = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";

    private final GlintSuite suite = GlintSuite.get();

    @TempDir
    Path dir;

    @org.junit.jupiter.api.BeforeEach
    void clientsInstalled() {
        DebianClients.require();
    }

    @Test
    void glanceclientThenOpenstacksdk() throws Exception {
        String output = python("glanceclient_flows.py", suite.imageApi.url());
        String tag = output.substring(output.lastIndexOf(' ') + 1).trim();
        assertTrue(tag.startsWith("paging-"), output);
        python("openstacksdk_flows.py", suite.imageApi.url(), tag);
    }

    @Test
    void importsThroughGlanceclientAndOpenstacksdk() throws Exception {
        try (SourceServer sources = new SourceServer()) {
            byte[] data = Digests.randomBytes(3 * 1024 * 1024 + 11, 41);
            String uri = sources.serve("/clients.raw", data);
            String output = python("import_flows.py", suite.imageApi.url(), uri, Digests.hex("MD5", data));
            assertTrue(output.contains("imports ok"), output);
        }
    }

    private String python(String script, String... arguments) throws IOException {
        Path file = dir.resolve(script);
        try (InputStream in = PythonClientsE2ETest.class.getResourceAsStream("/clients/" + script)) {
            Files.copy(in, file);
        }
        List<String> command = new ArrayList<>(List.of(PYTHON, file.toString()));
        command.addAll(List.of(arguments));
        return Command.succeed(command, Map.of(), Duration.ofSeconds(300));
    }
}
