// TEST DOUBLE of Jenkins' plugin installation manager tool (jenkins-plugin-manager.jar), for the testbed only.
//
// The real tool resolves plugins and their dependencies against the update center and downloads them. No update
// center is reachable from the testbed, so this double takes the same command line the workload tool uses
// (--war, --plugin-download-directory, --plugins NAME[:VERSION]..., --jenkins-update-center) and writes, for
// each plugin asked for, a NAME.jpi whose manifest carries Short-Name and Plugin-Version, which is what the
// jenkins test double lists on /pluginManager/api/json. It resolves no dependencies.
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

public final class PluginManagerDouble {
    private PluginManagerDouble() {
    }

    public static void main(String[] args) throws IOException {
        String directory = null;
        List<String> plugins = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--plugin-download-directory", "-d" -> directory = args[++i];
                case "--war", "-w", "--jenkins-update-center" -> i++;
                case "--plugins", "-p" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                        plugins.add(args[++i]);
                    }
                }
                default -> {
                    System.err.println("jenkins-plugin-manager (TEST DOUBLE): unknown option " + args[i]);
                    System.exit(2);
                }
            }
        }

        if (directory == null || plugins.isEmpty()) {
            System.err.println("jenkins-plugin-manager (TEST DOUBLE): --plugin-download-directory and --plugins are required");
            System.exit(2);
        }

        Files.createDirectories(Path.of(directory));
        for (String plugin : plugins) {
            String[] parts = plugin.split(":", 2);
            Manifest manifest = new Manifest();
            Attributes main = manifest.getMainAttributes();
            main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
            main.putValue("Short-Name", parts[0]);
            main.putValue("Long-Name", parts[0] + " (TEST DOUBLE)");
            main.putValue("Plugin-Version", parts.length > 1 ? parts[1] : "1.0-double");
            Path target = Path.of(directory, parts[0] + ".jpi");
            try (JarOutputStream jar = new JarOutputStream(new FileOutputStream(target.toFile()), manifest)) {
                jar.flush();
            }
            System.out.println("Downloaded " + parts[0] + " (TEST DOUBLE)");
        }
    }
}
