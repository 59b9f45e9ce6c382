package org.covidct.app.pacs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.covidct.core.CovidctException;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The few calls of Orthanc's REST API covidct makes (Orthanc Book, "REST API of Orthanc"): the change log
 * ({@code GET /changes}), series and instance resources, and storing a DICOM file ({@code POST /instances}).
 * Credentials, from the URL ({@code http://user:password@host:8042}) or else from the environment variable
 * {@value #AUTH_VARIABLE} ({@code user:password}), are sent as HTTP Basic authentication and never printed.
 */
public final class OrthancClient {

    /** One entry of the change log. */
    public record Change(long seq, String type, String resourceType, String id) {
    }

    /** A page of the change log: its entries, whether it reached the end, and the last sequence number. */
    public record Changes(List<Change> changes, boolean done, long last) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    /** USER:PASSWORD for Orthanc when the URL carries none. */
    public static final String AUTH_VARIABLE = "COVIDCT_ORTHANC_AUTH";

    private final URI base;
    private final String authorization;
    private final HttpClient http;

    public OrthancClient(String url) {
        URI u;
        try {
            u = new URI(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (URISyntaxException e) {
            throw new CovidctException("--orthanc " + safe(url) + ": not a URL");
        }
        if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme()) || u.getHost() == null) {
            throw new CovidctException("--orthanc " + safe(url) + ": give http://HOST:PORT or https://HOST:PORT");
        }
        String user = u.getRawUserInfo() == null ? null : java.net.URLDecoder.decode(u.getRawUserInfo(), StandardCharsets.UTF_8);
        if (user == null) {
            user = System.getenv(AUTH_VARIABLE); // keeps the password off the command line (ps shows arguments)
        }
        this.authorization = user == null || user.isEmpty() ? null
                : "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
        try {
            this.base = new URI(u.getScheme(), null, u.getHost(), u.getPort(), u.getPath(), null, null);
        } catch (URISyntaxException e) {
            throw new CovidctException("--orthanc " + safe(url) + ": not a URL");
        }
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    }

    /** The URL without credentials, for messages. */
    public String url() {
        return base.toString();
    }

    private static String safe(String url) {
        return url.replaceAll("//[^/@]*@", "//***@");
    }

    private HttpRequest.Builder request(String path) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofMinutes(2));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return b;
    }

    private byte[] send(HttpRequest req) throws IOException {
        try {
            HttpResponse<byte[]> r = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            if (r.statusCode() >= 300) {
                throw new IOException("Orthanc answered " + r.statusCode() + " to " + req.method() + " " + req.uri().getPath());
            }
            return r.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    public JsonNode get(String path) throws IOException {
        return JSON.readTree(send(request(path).GET().build()));
    }

    public byte[] getBytes(String path) throws IOException {
        return send(request(path).GET().build());
    }

    /** Stores a DICOM file; Orthanc answers with the instance's ID, its parents and Success or AlreadyStored. */
    public JsonNode store(byte[] dicom) throws IOException {
        return JSON.readTree(send(request("/instances").header("Content-Type", "application/dicom")
                .POST(HttpRequest.BodyPublishers.ofByteArray(dicom)).build()));
    }

    public Changes changes(long since, int limit) throws IOException {
        JsonNode n = get("/changes?since=" + since + "&limit=" + limit);
        List<Change> out = new ArrayList<>();
        for (JsonNode c : n.path("Changes")) {
            out.add(new Change(c.path("Seq").asLong(), c.path("ChangeType").asText(), c.path("ResourceType").asText(),
                    c.path("ID").asText()));
        }
        return new Changes(out, n.path("Done").asBoolean(true), n.path("Last").asLong(since));
    }

    /** The sequence number of the newest change. */
    public long lastChange() throws IOException {
        return get("/changes?last").path("Last").asLong(0);
    }
}
