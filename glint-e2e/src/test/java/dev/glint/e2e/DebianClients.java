package dev.glint.e2e;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The Debian OpenStack clients the end-to-end tests drive. CI installs them (.ci/run) and must run
 * those tests; on a developer's machine without them they are skipped, saying what to install.
 */
final class DebianClients {

    static final String INSTALL = "apt-get install -y python3-glanceclient python3-openstacksdk python3-openstackclient";
    private static Boolean installed;

    private DebianClients() {
    }

    static void require() {
        if (isInstalled()) {
            return;
        }
        String message = "Debian's OpenStack clients are missing; install them with: " + INSTALL;
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail(message);
        }
        Assumptions.abort(message);
    }

    private static synchronized boolean isInstalled() {
        if (installed == null) {
            installed = Files.isExecutable(Path.of("/usr/bin/openstack")) && pythonImports();
        }
        return installed;
    }

    private static boolean pythonImports() {
        try {
            Process process = new ProcessBuilder("/usr/bin/python3", "-c", "import glanceclient, openstack")
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return process.waitFor(60, TimeUnit.SECONDS) && process.exitValue() == 0;
        } catch (Exception e) {
            return false;
        }
    }
}
