package io.authbridge.console;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs a curl line as the console shows it, the way a user pastes it into a shell: with {@code sh -c} and
 * the real curl where there is one (only {@code -w} is added, to read the status), else by reading its
 * header, user and URL and sending the same request.
 */
record CurlLine(int status, String body) {

    private static final Pattern QUOTED = Pattern.compile("'((?:[^']|'\\\\'')*)'");

    static CurlLine run(String line) {
        try {
            return curlOnPath() ? withCurl(line) : withoutCurl(line);
        }
        catch (IOException ex) {
            throw new IllegalStateException("Could not run " + line, ex);
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static boolean curlOnPath() {
        String path = System.getenv("PATH");
        for (String directory : (path == null ? "/usr/bin" : path).split(File.pathSeparator)) {
            if (new File(directory, "curl").canExecute()) {
                return true;
            }
        }
        return false;
    }

    private static CurlLine withCurl(String line) throws IOException, InterruptedException {
        Process process = new ProcessBuilder("sh", "-c", line + " -w '\\n%{http_code}'").redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("curl did not finish: " + line);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int newline = output.lastIndexOf('\n');
        return new CurlLine(Integer.parseInt(output.substring(newline + 1).trim()), output.substring(0, Math.max(newline, 0)));
    }

    /** Reads {@code -H 'header'}, {@code -u 'user:password'} and the URL (the last quoted word). */
    private static CurlLine withoutCurl(String line) throws IOException, InterruptedException {
        List<String> words = new ArrayList<>();
        Matcher matcher = QUOTED.matcher(line);
        List<Integer> starts = new ArrayList<>();
        while (matcher.find()) {
            words.add(matcher.group(1).replace("'\\''", "'"));
            starts.add(matcher.start());
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(words.get(words.size() - 1)))
            .timeout(Duration.ofSeconds(60));
        for (int i = 0; i < words.size() - 1; i++) {
            String option = line.substring(0, starts.get(i)).trim();
            if (option.endsWith("-H")) {
                String[] header = words.get(i).split(":", 2);
                request.header(header[0].trim(), header[1].trim());
            }
            else if (option.endsWith("-u")) {
                request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(words.get(i).getBytes(StandardCharsets.UTF_8)));
            }
        }
        HttpResponse<String> response = HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new CurlLine(response.statusCode(), response.body());
    }
}
