package ai.avaliar.recording;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.common.Slf4jNotifier;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.extension.ResponseTransformerV2;
import com.github.tomakehurst.wiremock.extension.requestfilter.RequestFilterAction;
import com.github.tomakehurst.wiremock.extension.requestfilter.StubRequestFilterV2;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.Response;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one WireMock server of a test run, on a loopback port. Each test registers a session
 * and gets its own path prefix, {@code /avaliar/<id>/<upstream>/...}; a request filter routes
 * every request to its session, so no stubs are ever registered.
 */
final class RecordingServer implements AutoCloseable {

    static final String PREFIX = "/avaliar/";

    /** The transformer parameter holding when to send each event of a paced stream. */
    private static final String EVENT_TIMES = "avaliar-recording.event-times";

    private static final Pattern ROUTE = Pattern.compile("^/avaliar/([^/]+)/([^/?]+)(/[^?]*)?(?:\\?(.*))?$");

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final Upstream upstream = new Upstream();
    private final WireMockServer server;

    private RecordingServer(WireMockServer server) {
        this.server = server;
    }

    /** Starts the server on {@code 127.0.0.1:port}, or a free port when {@code port} is 0. */
    static RecordingServer start(int port) {
        RecordingServer[] self = new RecordingServer[1];
        WireMockConfiguration options = options()
                .bindAddress("127.0.0.1")
                .gzipDisabled(true)
                .disableRequestJournal()
                .jettyAcceptors(1)
                .containerThreads(24)
                .notifier(new Slf4jNotifier(false))
                .extensions(new Router(path -> self[0].route(path)));
        options = port == 0 ? options.dynamicPort() : options.port(port);
        WireMockServer server = new WireMockServer(options);
        self[0] = new RecordingServer(server);
        try {
            server.start();
        } catch (Exception e) { // Jetty can throw checked exceptions here without declaring them
            stopQuietly(server);
            if (port != 0 && (isBindFailure(e) || inUse(port))) {
                throw new IllegalStateException(
                        "avaliar-recording could not start its WireMock server on 127.0.0.1:"
                                + port
                                + ": the port is already in use. Remove the configuration parameter"
                                + " avaliar.recording.port to use a free port, or set it to a free one.",
                        e);
            }
            throw new IllegalStateException(
                    "avaliar-recording could not start its WireMock server on 127.0.0.1:" + port + ": " + e, e);
        }
        return self[0];
    }

    /** Whether something else listens on the loopback port (Jetty does not always say so). */
    private static boolean inUse(int port) {
        try (java.net.ServerSocket probe =
                new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return false;
        } catch (java.io.IOException e) {
            return true;
        }
    }

    private static void stopQuietly(WireMockServer server) {
        try {
            server.stop();
        } catch (Exception alreadyFailed) { // Jetty may throw undeclared checked exceptions
            // the start failure is what the user needs to see
        }
    }

    private static boolean isBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException
                    || (t.getMessage() != null && t.getMessage().contains("in use"))) {
                return true;
            }
        }
        return false;
    }

    int port() {
        return server.port();
    }

    String newSessionId() {
        return Long.toString(ids.incrementAndGet());
    }

    /** The base URL for a session: append {@code /<upstream>} to reach an upstream. */
    String baseUrl(Session session) {
        return "http://127.0.0.1:" + server.port() + PREFIX + session.id();
    }

    void register(Session session) {
        sessions.put(session.id(), session);
    }

    void unregister(Session session) {
        sessions.remove(session.id());
    }

    Upstream upstream() {
        return upstream;
    }

    private Reply route(Request request) {
        Matcher m = ROUTE.matcher(request.getUrl());
        if (!m.matches()) {
            return Reply.error("avaliar-recording: "
                    + request.getUrl()
                    + " is not a recording URL. Use the base URLs of the ProviderEndpoints injected into"
                    + " your test.");
        }
        Session session = sessions.get(m.group(1));
        if (session == null) {
            return Reply.error("avaliar-recording: no test is running for "
                    + request.getUrl()
                    + ". A provider client was used after its test ended, or with a base URL from another"
                    + " test run.");
        }
        TreeMap<String, List<String>> headers = Headers.of();
        for (HttpHeader header : request.getHeaders().all()) {
            header.values().forEach(v -> Headers.add(headers, header.key(), v));
        }
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody();
        var json = Json.parseStructured(body);
        String text = json == null && body.length > 0 ? Bodies.utf8(body) : null;
        RecordedRequest recorded = new RecordedRequest(
                m.group(2),
                request.getMethod().getName(),
                m.group(3) == null ? "/" : m.group(3),
                m.group(4) == null ? "" : m.group(4),
                Headers.withoutFraming(headers),
                json,
                text);
        return session.handle(recorded, body);
    }

    @Override
    public void close() {
        server.stop();
    }

    /**
     * The WireMock extension: answers every stub request from its session, and sends an event
     * stream one event at a time.
     */
    private static final class Router implements StubRequestFilterV2, ResponseTransformerV2 {
        private final java.util.function.Function<Request, Reply> route;

        Router(java.util.function.Function<Request, Reply> route) {
            this.route = route;
        }

        @Override
        public RequestFilterAction filter(Request request, ServeEvent serveEvent) {
            Reply reply = route.apply(request);
            List<HttpHeader> headers = new ArrayList<>();
            reply.headers()
                    .forEach((name, values) -> headers.add(HttpHeader.httpHeader(name, values.toArray(String[]::new))));
            ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition()
                    .withStatus(reply.status())
                    .withHeaders(new HttpHeaders(headers))
                    .withBody(reply.body());
            if (reply.eventTimes() != null) {
                response = response.withTransformerParameter(EVENT_TIMES, reply.eventTimes());
            }
            return RequestFilterAction.stopWith(response.build());
        }

        /**
         * WireMock writes a body in one go; an event stream gets a body whose {@code transferTo}
         * writes and flushes each event on its own, so the client receives it as it was recorded.
         */
        @Override
        public Response transform(Response response, ServeEvent serveEvent) {
            HttpHeader contentType = response.getHeaders().getHeader("content-type");
            if (!contentType.isPresent() || !SseEvent.isEventStream(contentType.firstValue())) {
                return response;
            }
            byte[] body = response.getBody();
            List<byte[]> events = SseEvent.chunks(body);
            var parameters = serveEvent.getResponseDefinition().getTransformerParameters();
            Object times = parameters == null ? null : parameters.get(EVENT_TIMES);
            long[] eventTimes = times instanceof long[] t && t.length == events.size() ? t : null;
            return Response.Builder.like(response)
                    .body(() -> new EventByEvent(body, events, eventTimes))
                    .build();
        }

        @Override
        public String getName() {
            return "avaliar-recording-router";
        }
    }

    /**
     * The body bytes, written to the client one event at a time, each flushed; with event times,
     * each event waits for its time, counted from the first write.
     */
    private static final class EventByEvent extends ByteArrayInputStream {
        private final List<byte[]> events;
        private final long[] times;

        EventByEvent(byte[] body, List<byte[]> events, long[] times) {
            super(body);
            this.events = events;
            this.times = times;
        }

        @Override
        public synchronized long transferTo(OutputStream out) throws IOException {
            long start = System.nanoTime();
            long written = 0;
            for (int i = 0; i < events.size(); i++) {
                if (times != null) {
                    waitUntil(start + times[i] * 1_000_000);
                }
                out.write(events.get(i));
                out.flush();
                written += events.get(i).length;
            }
            pos = count;
            return written;
        }

        private static void waitUntil(long nanos) throws IOException {
            long left = nanos - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while pacing a replayed stream");
            }
        }
    }
}
