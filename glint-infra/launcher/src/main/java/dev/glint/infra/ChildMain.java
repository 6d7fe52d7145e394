package dev.glint.infra;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Entry point of every server child JVM: {@code ChildMain <realMainClass> <args...>}.
 *
 * <p>The launcher keeps the child's stdin pipe open and never writes to it, so end-of-file on stdin
 * means the launcher is gone, even if it was killed with SIGKILL. The child then exits, which runs
 * the server's shutdown hooks. This class must only use the JDK: it is put on the child's classpath
 * alone, without the launcher's dependencies.
 */
public final class ChildMain {

    private ChildMain() {
    }

    public static void main(String[] args) throws Throwable {
        Thread watcher = new Thread(ChildMain::exitWhenParentIsGone, "glint-parent-watcher");
        watcher.setDaemon(true);
        watcher.start();

        Method main = Class.forName(args[0]).getMethod("main", String[].class);
        try {
            main.invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static void exitWhenParentIsGone() {
        byte[] buffer = new byte[256];
        String reason = "end of stdin";
        try (InputStream in = System.in) {
            while (in.read(buffer) >= 0) {
                // The launcher never writes; whatever arrives is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end-of-file.
            reason = e.toString();
        }
        System.err.println("glint: parent process is gone (" + reason + "), exiting");
        System.exit(0);
    }
}
