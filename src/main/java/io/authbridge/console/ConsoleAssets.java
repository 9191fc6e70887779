package io.authbridge.console;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.MediaType;
import org.springframework.http.MediaTypeFactory;

/**
 * The console's files, read from the jar once at startup and held in memory: a request names one of them
 * or gets a 404, so no path a client sends ever reaches the file system or the class path.
 */
final class ConsoleAssets {

    static final String LOCATION = "console/";

    /** One file: its bytes, type and entity tag. */
    record Asset(byte[] bytes, MediaType type, String etag) {
    }

    private final Map<String, Asset> assets;

    private ConsoleAssets(Map<String, Asset> assets) {
        this.assets = Map.copyOf(assets);
    }

    /** Every file under {@code classpath:console/}, by its path below it ({@code app.js}, {@code views/x.js}). */
    static ConsoleAssets load() {
        Map<String, Asset> assets = new HashMap<>();
        try {
            Resource root = new PathMatchingResourcePatternResolver().getResource("classpath:" + LOCATION);
            String base = root.getURL().toString();
            for (Resource resource : new PathMatchingResourcePatternResolver().getResources("classpath*:" + LOCATION + "**")) {
                String url = resource.getURL().toString();
                if (!resource.isReadable() || url.endsWith("/") || !url.startsWith(base)) {
                    continue;
                }
                String name = url.substring(base.length());
                try (InputStream in = resource.getInputStream()) {
                    byte[] bytes = in.readAllBytes();
                    assets.put(name, new Asset(bytes, type(name), etag(bytes)));
                }
            }
        }
        catch (IOException ex) {
            throw new UncheckedIOException("Cannot read the console's files", ex);
        }
        if (!assets.containsKey("index.html")) {
            throw new IllegalStateException("The console's index.html is missing from " + LOCATION);
        }
        return new ConsoleAssets(assets);
    }

    /** The file at {@code name} below {@code /console/}, or null. */
    Asset find(String name) {
        return assets.get(name);
    }

    private static MediaType type(String name) {
        MediaType type = name.endsWith(".js") ? MediaType.parseMediaType("text/javascript")
                : MediaTypeFactory.getMediaType(name).orElse(MediaType.APPLICATION_OCTET_STREAM);
        boolean text = type.getType().equals("text") || type.getSubtype().endsWith("xml") || type.getSubtype().equals("json");
        return text ? new MediaType(type, StandardCharsets.UTF_8) : type;
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, 22) + "\"";
        }
        catch (NoSuchAlgorithmException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
