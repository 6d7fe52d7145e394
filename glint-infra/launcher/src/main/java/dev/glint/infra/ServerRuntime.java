package dev.glint.infra;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Builds child JVM command lines from the classpaths recorded by the {@code *-runtime} modules
 * ({@code META-INF/glint/<runtime>.classpath}, written at their build time).
 */
final class ServerRuntime {

    private static final String CHILD_MAIN_RESOURCE = ChildMain.class.getName().replace('.', '/') + ".class";

    private ServerRuntime() {
    }

    /**
     * {@code java <jvmOptions> -cp <ChildMain + runtime module + its dependencies> ChildMain
     * <mainClass> <args>}.
     */
    static List<String> javaCommand(String runtime, List<String> jvmOptions, String mainClass, List<String> args) {
        List<String> classpath = new ArrayList<>();
        classpath.add(codeLocation(CHILD_MAIN_RESOURCE).toString());
        classpath.addAll(runtimeClasspath(runtime));

        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(String.join(java.io.File.pathSeparator, classpath));
        command.add(ChildMain.class.getName());
        command.add(mainClass);
        command.addAll(args);
        return command;
    }

    static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> runtimeClasspath(String runtime) {
        String resource = "META-INF/glint/" + runtime + ".classpath";
        List<String> classpath = new ArrayList<>();
        classpath.add(codeLocation(resource).toString());
        try (InputStream in = resourceUrl(resource).openStream()) {
            for (String entry : new String(in.readAllBytes(), StandardCharsets.UTF_8).strip()
                    .split(java.io.File.pathSeparator)) {
                if (!entry.isBlank()) {
                    if (!Files.exists(Path.of(entry))) {
                        throw new InfrastructureException(entry + " from " + resource + " does not exist;"
                                + " rebuild glint-infra (mvn -f glint-infra/pom.xml install)");
                    }
                    classpath.add(entry);
                }
            }
        } catch (IOException e) {
            throw new InfrastructureException("cannot read " + resource, e);
        }
        return classpath;
    }

    private static URL resourceUrl(String resource) {
        URL url = ServerRuntime.class.getClassLoader().getResource(resource);
        if (url == null) {
            url = Thread.currentThread().getContextClassLoader().getResource(resource);
        }
        if (url == null) {
            throw new InfrastructureException(resource + " is not on the classpath;"
                    + " is glint-infra-launcher's dependency on the runtime modules missing?");
        }
        return url;
    }

    /** The jar or classes directory that holds {@code resource}. */
    private static Path codeLocation(String resource) {
        URL url = resourceUrl(resource);
        try {
            switch (url.getProtocol().toLowerCase(Locale.ROOT)) {
                case "jar": {
                    String spec = url.getPath();
                    return Path.of(new URI(spec.substring(0, spec.indexOf("!/"))));
                }
                case "file": {
                    Path path = Path.of(url.toURI());
                    for (int i = 0; i < resource.split("/").length; i++) {
                        path = path.getParent();
                    }
                    return path;
                }
                default:
                    throw new InfrastructureException("cannot tell where " + resource + " comes from: " + url);
            }
        } catch (URISyntaxException e) {
            throw new InfrastructureException("cannot tell where " + resource + " comes from: " + url, e);
        }
    }
}
