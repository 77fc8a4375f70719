// TEST DOUBLE of Jenkins' plugin installation manager tool (jenkins-plugin-manager.jar), for the testbed only.
//
// It takes the command line the workload tool uses (--war, --plugin-download-directory, --plugins NAME[:VERSION]...,
// --jenkins-update-center) and, like the real tool:
// - reads the update center (the URL, with /update-center.json appended when it names no file, and ?version=;
//   the JSONP wrapper "updateCenter.post(...)" removed), or JENKINS_UC;
// - resolves each plugin's required dependencies (optional ones are left out) transitively, taking the update
//   center's version unless the plugin is asked for at a version; a dependency that needs a newer version than the
//   update center lists is an error;
// - downloads each plugin (the listed url at the listed version, else UC/download/plugins/NAME/VERSION/NAME.hpi),
//   checks the listed SHA-256 (base64), and writes NAME.jpi into the download directory.
// Differences: plugin URLs relative to the update-center file are resolved against it (the testbed's mirror does
// not know its own base URL when it is built); no security warnings, no Jenkins version checks, no caching.
// Without an update center it writes, for each plugin asked for, a NAME.jpi with only a manifest (Short-Name,
// Plugin-Version), resolving no dependencies.
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class PluginManagerDouble {
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build();

    private PluginManagerDouble() {
    }

    public static void main(String[] args) throws Exception {
        String directory = null;
        String updateCenter = System.getenv("JENKINS_UC");
        List<String> plugins = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--plugin-download-directory", "-d" -> directory = args[++i];
                case "--war", "-w" -> i++;
                case "--jenkins-update-center" -> updateCenter = args[++i];
                case "--plugins", "-p" -> {
                    while (i + 1 < args.length && !args[i + 1].startsWith("-")) {
                        plugins.add(args[++i]);
                    }
                }
                default -> fail("unknown option " + args[i], 2);
            }
        }

        if (directory == null || plugins.isEmpty()) {
            fail("--plugin-download-directory and --plugins are required", 2);
        }

        Files.createDirectories(Path.of(directory));
        if (updateCenter == null || updateCenter.isEmpty()) {
            for (String plugin : plugins) {
                String[] parts = plugin.split(":", 2);
                writeManifestOnly(Path.of(directory, parts[0] + ".jpi"), parts[0], parts.length > 1 ? parts[1] : "1.0-double");
                System.out.println("Downloaded " + parts[0] + " (TEST DOUBLE, no update center: manifest only)");
            }
            return;
        }

        String ucUrl = updateCenter.endsWith(".json") ? updateCenter : updateCenter.replaceAll("/$", "") + "/update-center.json";
        String text = get(ucUrl + "?version=double", "the update center").toString(StandardCharsets.UTF_8);
        int open = text.indexOf('(');
        int close = text.lastIndexOf(')');
        String json = text.startsWith("updateCenter.post") && open >= 0 && close > open ? text.substring(open + 1, close) : text;
        Map<String, Plugin> center = Plugin.parseAll(json);

        Map<String, String> wanted = new LinkedHashMap<>();
        for (String plugin : plugins) {
            String[] parts = plugin.split(":", 2);
            if (!center.containsKey(parts[0])) {
                fail("Unable to find plugin " + parts[0] + " in update center " + ucUrl, 1);
            }
            wanted.put(parts[0], parts.length > 1 ? parts[1] : center.get(parts[0]).version);
        }
        List<String> pending = new ArrayList<>(wanted.keySet());
        while (!pending.isEmpty()) {
            Plugin plugin = center.get(pending.remove(0));
            for (Dependency dependency : plugin.dependencies) {
                if (dependency.optional) {
                    continue;
                }
                Plugin listed = center.get(dependency.name);
                if (listed == null) {
                    fail("Unable to find dependency " + dependency.name + " of " + plugin.name + " in update center " + ucUrl, 1);
                }
                if (compare(listed.version, dependency.version) < 0) {
                    fail(plugin.name + " depends on " + dependency.name + ":" + dependency.version + ", but the update center has " + listed.version, 1);
                }
                if (!wanted.containsKey(dependency.name)) {
                    wanted.put(dependency.name, listed.version);
                    pending.add(dependency.name);
                }
            }
        }

        URI base = URI.create(ucUrl);
        for (Map.Entry<String, String> entry : wanted.entrySet()) {
            Plugin listed = center.get(entry.getKey());
            boolean latest = entry.getValue().equals(listed.version);
            String url = latest ? base.resolve(listed.url).toString()
                    : base.resolve("download/plugins/" + entry.getKey() + "/" + entry.getValue() + "/" + entry.getKey() + ".hpi").toString();
            byte[] content = get(url, entry.getKey() + ":" + entry.getValue()).toByteArray();
            if (latest && !Base64.getEncoder().encodeToString(sha256(content)).equals(listed.sha256)) {
                fail("SHA-256 of " + url + " does not match the update center's; not installed", 1);
            }
            Path target = Path.of(directory, entry.getKey() + ".jpi");
            Path temporary = Path.of(directory, "." + entry.getKey() + ".jpi.tmp");
            Files.write(temporary, content);
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            System.out.println("Downloaded " + entry.getKey() + ":" + entry.getValue() + " (TEST DOUBLE)");
        }
    }

    private static java.io.ByteArrayOutputStream get(String url, String what) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (InputStream in = response.body()) {
            in.transferTo(out);
        }
        if (response.statusCode() != 200) {
            fail("Unable to retrieve " + what + " from " + url + ": HTTP " + response.statusCode(), 1);
        }
        return out;
    }

    private static byte[] sha256(byte[] content) throws NoSuchAlgorithmException {
        return MessageDigest.getInstance("SHA-256").digest(content);
    }

    /** Compares versions part by part, numbers as numbers (enough for the double's update center). */
    private static int compare(String a, String b) {
        String[] left = a.split("[.-]");
        String[] right = b.split("[.-]");
        for (int i = 0; i < Math.max(left.length, right.length); i++) {
            String l = i < left.length ? left[i] : "0";
            String r = i < right.length ? right[i] : "0";
            int c = l.matches("\\d+") && r.matches("\\d+") ? Long.compare(Long.parseLong(l), Long.parseLong(r)) : l.compareTo(r);
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }

    private static void writeManifestOnly(Path target, String name, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Short-Name", name);
        main.putValue("Long-Name", name + " (TEST DOUBLE)");
        main.putValue("Plugin-Version", version);
        try (JarOutputStream jar = new JarOutputStream(new FileOutputStream(target.toFile()), manifest)) {
            jar.flush();
        }
    }

    private static void fail(String message, int code) {
        System.err.println("jenkins-plugin-manager (TEST DOUBLE): " + message);
        System.exit(code);
    }

    private record Dependency(String name, String version, boolean optional) {
    }

    /** One plugin of update-center.json; read with regular expressions over the build script's own formatting. */
    private record Plugin(String name, String version, String url, String sha256, List<Dependency> dependencies) {
        private static final Pattern ENTRY = Pattern.compile(
                "\"dependencies\":\\s*\\[(.*?)\\],\\s*\"name\":\\s*\"([^\"]+)\",\\s*\"sha256\":\\s*\"([^\"]+)\",\\s*\"url\":\\s*\"([^\"]+)\",\\s*\"version\":\\s*\"([^\"]+)\"",
                Pattern.DOTALL);
        private static final Pattern DEPENDENCY = Pattern.compile(
                "\"name\":\\s*\"([^\"]+)\",\\s*\"optional\":\\s*(true|false),\\s*\"version\":\\s*\"([^\"]+)\"");

        static Map<String, Plugin> parseAll(String json) {
            Map<String, Plugin> out = new LinkedHashMap<>();
            Matcher m = ENTRY.matcher(json);
            while (m.find()) {
                List<Dependency> dependencies = new ArrayList<>();
                Matcher d = DEPENDENCY.matcher(m.group(1));
                while (d.find()) {
                    dependencies.add(new Dependency(d.group(1), d.group(3), Boolean.parseBoolean(d.group(2))));
                }
                out.put(m.group(2), new Plugin(m.group(2), m.group(5), m.group(4), m.group(3), dependencies));
            }
            return out;
        }
    }
}
