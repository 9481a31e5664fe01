package io.github.dbn4j.cli.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.github.dbn4j.core.data.KnownDataSet;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fetching a known data set from mirrors on a local server: a file that is not the published one is never kept. */
class DataFetcherTest {

    @TempDir
    Path dir;

    private HttpServer server;
    private String base;

    @BeforeEach
    void serve() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        // "/forged/" serves bytes that are not Fashion-MNIST; anything else is missing
        server.createContext("/", exchange -> {
            byte[] body = "not the published file".getBytes(StandardCharsets.US_ASCII);
            boolean forged = exchange.getRequestURI().getPath().startsWith("/forged/");
            exchange.sendResponseHeaders(forged ? 200 : 404, forged ? body.length : -1);
            try (OutputStream out = exchange.getResponseBody()) {
                if (forged) {
                    out.write(body);
                }
            }
        });
        server.start();
        base = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void everyMirrorIsTriedAndNoUnverifiedFileIsKept() throws IOException {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        DataFetcher fetcher = new DataFetcher(KnownDataSet.FASHION_MNIST, List.of(base + "/missing", base + "/forged/"),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Path target = dir.resolve("fashion-mnist");
        assertThatThrownBy(() -> fetcher.fetch(target)).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("Fashion-MNIST is not in " + target + " and could not be fetched:")
                .hasMessageContaining(base + "/missing/train-images-idx3-ubyte.gz answered HTTP 404")
                .hasMessageContaining(base + "/forged/t10k-labels-idx1-ubyte.gz: SHA-256 ")
                .hasMessageContaining("is not the published SHA-256 of Fashion-MNIST's t10k-labels-idx1-ubyte")
                .hasMessageContaining("or pass --mirror URL")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("--subset").doesNotContain("npm"));
        try (Stream<Path> left = Files.list(target)) {
            assertThat(left).as("nothing unverified stays").isEmpty();
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("fetching " + base + "/forged/");
    }

    @Test
    void eachSetHasItsPublishersMirrorsFirst() {
        assertThat(DataFetcher.defaultMirrors(KnownDataSet.FASHION_MNIST).get(0)).contains("fashion-mnist");
        assertThat(DataFetcher.defaultMirrors(KnownDataSet.KMNIST).get(0)).contains("codh.rois.ac.jp/kmnist");
        for (KnownDataSet s : KnownDataSet.values()) {
            assertThat(DataFetcher.defaultMirrors(s)).as(s.title()).isNotEmpty().allMatch(m -> m.endsWith("/"));
        }
    }
}
