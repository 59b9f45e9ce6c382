package org.covidct.app.server;

import org.covidct.app.ServeCommand;
import org.covidct.app.Main;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.covidct.app.server.ServerFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Loopback by default; another address without a token is refused at start (one line, exit 2, nothing
 * written); with a token, every request but /api/health needs it.
 */
class ServeSecurityTest {

    @TempDir
    static Path tmp;
    static Path model;

    @BeforeAll
    static void model() {
        model = ServerFixtures.model(tmp.resolve("model"));
    }

    /** Runs the CLI with stdout and stderr captured; the command must return (it fails before serving). */
    private static String[] cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int status = Main.run(args);
            return new String[] {Integer.toString(status), o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8)};
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void otherHostWithoutTokenIsRefused() {
        Path store = tmp.resolve("never-created");
        String[] r = cli("serve", "--model", model.toString(), "--host", "0.0.0.0", "--port", "0", "--store", store.toString());
        assertEquals("2", r[0]);
        assertEquals("covidct: error: --host 0.0.0.0: not a loopback address; serving beyond this machine needs --token-file FILE\n", r[2]);
        assertEquals("", r[1]);
        assertFalse(Files.exists(store), "nothing written");
        assertTrue(ServeCommand.isLoopback("127.0.0.1"));
        assertTrue(ServeCommand.isLoopback("localhost"));
        assertTrue(ServeCommand.isLoopback("::1"));
        assertFalse(ServeCommand.isLoopback("0.0.0.0"));
    }

    @Test
    void badTokenFilesAreRefused() throws Exception {
        Path shortToken = tmp.resolve("short.token");
        Files.writeString(shortToken, "secret\n");
        String[] r = cli("serve", "--model", model.toString(), "--host", "0.0.0.0", "--port", "0", "--token-file",
                shortToken.toString(), "--store", tmp.resolve("s1").toString());
        assertEquals("2", r[0]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertTrue(r[2].startsWith("covidct: error: " + shortToken + ": the first line must be a token"), r[2]);
        r = cli("serve", "--model", model.toString(), "--token-file", tmp.resolve("missing.token").toString(),
                "--port", "0", "--store", tmp.resolve("s2").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no such token file"), r[2]);
        r = cli("serve", "--model", tmp.resolve("no-model").toString(), "--port", "0", "--store", tmp.resolve("s3").toString());
        assertEquals("2", r[0], r[2]);
        assertEquals(1, r[2].lines().count(), r[2]);
        assertFalse(Files.exists(tmp.resolve("s3")), "a refused model leaves no store behind");
    }

    @Test
    void withATokenEveryRequestButHealthNeedsIt() throws Exception {
        String token = "0123456789abcdef0123456789abcdef";
        Path store = tmp.resolve("store");
        try (Running s = ServerFixtures.start(model, store, b -> b.optToken(token))) {
            assertEquals(200, get(s.url() + "/api/health").statusCode());
            for (String path : new String[] {"/api/jobs", "/", "/viewer.js", "/api/jobs/x/result"}) {
                HttpResponse<byte[]> r = get(s.url() + path);
                assertEquals(401, r.statusCode(), path);
                assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"), path);
            }
            assertEquals(401, send(s.url() + "/api/jobs", "Bearer wrong-token-of-some-length").statusCode());
            assertEquals(401, send(s.url() + "/api/jobs", token).statusCode(), "the scheme is required");
            assertEquals(200, send(s.url() + "/api/jobs", "Bearer " + token).statusCode());
            assertEquals(200, send(s.url() + "/", "Bearer " + token).statusCode());
            HttpResponse<byte[]> upload = post(s.url() + "/api/studies", "application/zip",
                    zip("x", files(covidCtMd().resolve("normal/normal001")).subList(0, 2)));
            assertEquals(401, upload.statusCode());
            assertEquals(java.util.List.of(), entries(store.resolve("jobs")), "an unauthorised upload creates nothing");
            assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(store)),
                    "a new store (patients' images) is its owner's only");
        }
    }

    private static HttpResponse<byte[]> send(String url, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).header("Authorization", authorization)
                .GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
