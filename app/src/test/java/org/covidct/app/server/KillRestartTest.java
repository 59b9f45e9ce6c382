package org.covidct.app.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.covidct.app.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.covidct.app.server.ServerFixtures.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * {@code covidct serve} as a child JVM, killed with SIGKILL while it runs the first of three uploaded studies,
 * then started again on the same store: the three jobs are all there, the interrupted one is run again (its
 * second attempt), the others once, each has one result; a third start runs nothing.
 */
class KillRestartTest {

    @TempDir
    Path tmp;

    private static final Pattern LISTENING = Pattern.compile("listening on http://127\\.0\\.0\\.1:(\\d+)/");

    /** A child process with its stdout lines in a queue (so waiting for a line can time out). */
    private record Child(Process process, BlockingQueue<String> lines, Path log) {
        String waitFor(String prefix, Duration timeout) throws InterruptedException, IOException {
            long end = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < end) {
                String l = lines.poll(200, TimeUnit.MILLISECONDS);
                if (l != null && l.contains(prefix)) {
                    return l;
                }
                if (l == null && !process.isAlive() && lines.isEmpty()) {
                    fail("the child exited (" + process.exitValue() + ") before printing " + prefix + ":\n" + Files.readString(log));
                }
            }
            fail("no line with " + prefix + " after " + timeout + ":\n" + Files.readString(log));
            return null;
        }

        String url() throws InterruptedException, IOException {
            Matcher m = LISTENING.matcher(waitFor("listening on", Duration.ofSeconds(90)));
            assertTrue(m.find());
            return "http://127.0.0.1:" + m.group(1);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private Child start(String mainClass, List<String> args, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx1g", "-Dai.djl.offline=true",
                "-cp", System.getProperty("java.class.path"), mainClass));
        command.addAll(args);
        Path log = tmp.resolve(name + ".log");
        Process p = new ProcessBuilder(command).redirectError(log.toFile()).start();
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = r.readLine()) != null) {
                    lines.add(l);
                }
            } catch (IOException ignored) {
                // the child was killed
            }
        });
        reader.setDaemon(true);
        reader.start();
        return new Child(p, lines, log);
    }

    @Test
    void killNineMidJobThenRestart() throws Exception {
        Path model = model(tmp.resolve("model"));
        Path store = tmp.resolve("store");
        List<String> args = List.of("serve", "--model", model.toString(), "--store", store.toString(), "--port", "0");
        List<Path> normal = files(covidCtMd().resolve("normal/normal001"));

        Child first = start(ServeUntilPaused.class.getName(), args.subList(1, args.size()), "first");
        Set<String> ids = new TreeSet<>();
        String paused;
        try {
            String url = first.url();
            for (int i = 0; i < 3; i++) {
                ids.add(upload(url, zip("s" + i, normal.subList(40 + 10 * i, 60 + 10 * i))));
            }
            paused = first.waitFor(ServeUntilPaused.PAUSED, Duration.ofSeconds(60)).substring(ServeUntilPaused.PAUSED.length()).trim();
        } finally {
            first.kill(); // SIGKILL: no shutdown hook runs
        }
        assertTrue(ids.contains(paused));
        assertEquals(ids, new TreeSet<>(entries(store.resolve("jobs"))), "every accepted study is in the store");
        for (String id : ids) {
            JsonNode rec = JSON.readTree(store.resolve("jobs").resolve(id).resolve("job.json").toFile());
            assertEquals(id.equals(paused) ? "running" : "queued", rec.get("state").asText(), id);
            assertFalse(Files.exists(store.resolve("jobs").resolve(id).resolve("result")), "no result yet");
        }

        Child second = start(Main.class.getName(), args, "second");
        try {
            String url = second.url();
            for (String id : ids) {
                JsonNode rec = waitFinished(url, id, Duration.ofMinutes(3));
                assertEquals("done", rec.get("state").asText(), rec.toString());
                assertEquals(id.equals(paused) ? 2 : 1, rec.get("attempts").asInt(), id);
                assertEquals(20, getJson(url + "/api/jobs/" + id + "/result").at("/counts/slices").asInt());
            }
            assertEquals(3, getJson(url + "/api/jobs").size(), "nothing lost, nothing twice");
            assertTrue(Files.readString(second.log()).contains("restored 3 unfinished job(s)"), Files.readString(second.log()));
        } finally {
            second.process().destroy(); // SIGTERM: the shutdown hook stops the server
            assertTrue(second.process().waitFor(60, TimeUnit.SECONDS), "the server stops on SIGTERM");
        }

        Child third = start(Main.class.getName(), args, "third");
        try {
            String url = third.url();
            Thread.sleep(1500);
            for (String id : ids) {
                JsonNode rec = getJson(url + "/api/jobs/" + id);
                assertEquals("done", rec.get("state").asText());
                assertEquals(id.equals(paused) ? 2 : 1, rec.get("attempts").asInt(), "not run again: " + id);
            }
            assertFalse(Files.readString(third.log()).contains("running"), Files.readString(third.log()));
        } finally {
            third.kill();
        }
    }
}
