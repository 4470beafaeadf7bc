package ai.avaliar.recording;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * The JUnit Jupiter extension behind {@link AvaliarRecording}; register it through the
 * annotation, or directly when you need no attributes.
 *
 * <pre>{@code
 * @ExtendWith(AvaliarRecordingExtension.class)
 * class AgentTest {
 *   @Test
 *   void replies(ProviderEndpoints endpoints) { ... }
 * }
 * }</pre>
 *
 * @since 0.1.0
 */
public final class AvaliarRecordingExtension
        implements BeforeEachCallback, AfterEachCallback, ParameterResolver, TestExecutionExceptionHandler {

    static final String MODE = "avaliar.recording.mode";
    static final String MODE_ENV = "AVALIAR_RECORDING_MODE";
    static final String CASSETTE_DIR = "avaliar.recording.cassette-dir";
    static final String PORT = "avaliar.recording.port";
    static final String UPSTREAM = "avaliar.recording.upstream.";
    static final String DEFAULT_CASSETTE_DIR = "src/test/resources/cassettes";

    private static final ExtensionContext.Namespace NAMESPACE =
            ExtensionContext.Namespace.create(AvaliarRecordingExtension.class);

    private static final AvaliarRecording DEFAULTS = Defaults.class.getAnnotation(AvaliarRecording.class);

    /** Creates the extension; JUnit does this. */
    public AvaliarRecordingExtension() {}

    @Override
    public void beforeEach(ExtensionContext context) {
        session(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == ProviderEndpoints.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        if (context.getTestMethod().isEmpty()) {
            throw new ParameterResolutionException(
                    "ProviderEndpoints can only be injected into test methods and @BeforeEach/@AfterEach"
                            + " methods, because each test has its own cassette; it was requested by "
                            + parameter.getDeclaringExecutable()
                            + ".");
        }
        Session session = session(context);
        RecordingServer server = server(context);
        return new ProviderEndpoints(server.baseUrl(session));
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable throwable) throws Throwable {
        Session session = context.getStore(NAMESPACE).get(Session.class, Session.class);
        if (session != null && !session.failures().isEmpty()) {
            AssertionError error = new AssertionError(session.failures().get(0), throwable);
            throw error;
        }
        throw throwable;
    }

    @Override
    public void afterEach(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Session session = store.remove(Session.class, Session.class);
        if (session == null) {
            return;
        }
        server(context).unregister(session);
        boolean failed = context.getExecutionException().isPresent();
        if (!failed && !session.failures().isEmpty()) {
            throw new AssertionError(session.failures().get(0));
        }
        String problem = session.finish(failed);
        if (problem != null) {
            throw new AssertionError(problem);
        }
    }

    private Session session(ExtensionContext context) {
        return context.getStore(NAMESPACE)
                .getOrComputeIfAbsent(Session.class, type -> openSession(context), Session.class);
    }

    private static RecordingServer server(ExtensionContext context) {
        int port =
                context.getConfigurationParameter(PORT).map(p -> parsePort(p)).orElse(0);
        return context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(
                        RecordingServer.class,
                        type -> {
                            try {
                                return RecordingServer.start(port);
                            } catch (IllegalStateException e) {
                                throw new ExtensionConfigurationException(e.getMessage(), e);
                            }
                        },
                        RecordingServer.class);
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ExtensionConfigurationException(
                "Invalid " + PORT + " '" + text + "': use a port number from 1 to 65535, or 0 for a free port.");
    }

    private Session openSession(ExtensionContext context) {
        AvaliarRecording settings = settings(context);
        RecordingMode mode = mode(context, settings);
        Path cassette = cassettePath(context, settings);
        RecordingServer server = server(context);
        Cassette loaded = null;
        if (mode == RecordingMode.RECORD && CassetteFiles.isVcr(cassette)) {
            throw new ExtensionConfigurationException("Cannot record into the VCR.py cassette "
                    + cassette
                    + ": VCR.py cassettes are replayed only. Name a .json cassette to record.");
        }
        if ((mode == RecordingMode.REPLAY || mode == RecordingMode.RECORD_MISSING) && Files.exists(cassette)) {
            try {
                loaded = CassetteFiles.read(cassette);
            } catch (CassetteFormatException e) {
                throw new ExtensionConfigurationException(e.getMessage(), e);
            }
        }
        Function<String, String> upstreams =
                name -> context.getConfigurationParameter(UPSTREAM + name).orElse(Upstream.DEFAULT_URLS.get(name));
        Session session = new Session(
                server.newSessionId(),
                mode,
                settings.pace(),
                cassette,
                loaded,
                Matching.ignored(settings.ignoreBodyFields(), settings.redactBodyFields()),
                redactor(settings),
                settings.failOnUnusedInteractions(),
                upstreams,
                server.upstream());
        server.register(session);
        return session;
    }

    private static Redactor redactor(AvaliarRecording settings) {
        for (String allowed : settings.allowSecretsMatching()) {
            try {
                Pattern.compile(allowed);
            } catch (PatternSyntaxException e) {
                throw new ExtensionConfigurationException(
                        "@AvaliarRecording(allowSecretsMatching = \""
                                + allowed
                                + "\") is not a valid regular expression: "
                                + e.getDescription()
                                + " near index "
                                + e.getIndex()
                                + ".",
                        e);
            }
        }
        return new Redactor(settings.redactHeaders(), settings.redactBodyFields(), settings.allowSecretsMatching());
    }

    /** The annotation nearest to the test: on the method, its class, or an enclosing class. */
    private static AvaliarRecording settings(ExtensionContext context) {
        Optional<AvaliarRecording> onMethod =
                AnnotationSupport.findAnnotation(context.getTestMethod(), AvaliarRecording.class);
        if (onMethod.isPresent()) {
            return onMethod.get();
        }
        for (Optional<ExtensionContext> c = Optional.of(context);
                c.isPresent();
                c = c.get().getParent()) {
            Optional<Class<?>> type = c.get().getTestClass();
            if (type.isPresent()) {
                Optional<AvaliarRecording> found = AnnotationSupport.findAnnotation(type.get(), AvaliarRecording.class);
                if (found.isPresent()) {
                    return found.get();
                }
            }
        }
        return DEFAULTS;
    }

    static RecordingMode mode(ExtensionContext context, AvaliarRecording settings) {
        Optional<String> configured = context.getConfigurationParameter(MODE);
        if (configured.isPresent() && !configured.get().isBlank()) {
            return parse(configured.get(), "the configuration parameter or system property " + MODE);
        }
        String env = System.getenv(MODE_ENV);
        if (env != null && !env.isBlank()) {
            return parse(env, "the environment variable " + MODE_ENV);
        }
        return settings.mode();
    }

    private static RecordingMode parse(String text, String source) {
        try {
            return RecordingMode.parse(text, source);
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(e.getMessage(), e);
        }
    }

    private static Path cassettePath(ExtensionContext context, AvaliarRecording settings) {
        Class<?> testClass = context.getRequiredTestClass();
        Method method = context.getRequiredTestMethod();
        String template = settings.cassette();
        if (template.isEmpty()) {
            template = "{class}/{method}" + invocationSuffix(context) + ".json";
        }
        String name = testClass.getName();
        String simpleName = name.substring(name.lastIndexOf('.') + 1);
        // each value becomes one file name: a '/' in a display name must not make directories
        String withClass = template.replace(
                        "{package}", testClass.getPackageName().replace('.', '/'))
                .replace("{class}", fileName(simpleName));
        String relative = withClass
                .replace("{method}", fileName(method.getName()))
                .replace("{displayName}", fileName(context.getDisplayName()));
        Path dir = Path.of(context.getConfigurationParameter(CASSETTE_DIR).orElse(DEFAULT_CASSETTE_DIR));
        if (template.contains("{class}")) {
            refuseSharedClassName(context, dir.resolve(withClass).normalize() + "", testClass);
        }
        Path path = Path.of(relative);
        if (path.isAbsolute()) {
            return path.normalize();
        }
        return dir.resolve(path).normalize();
    }

    /**
     * {@code {class}} is the simple name: two test classes of the same name in different packages
     * would replay and overwrite each other's cassettes. Fails the second one to ask for this in a
     * run, naming both.
     */
    private static void refuseSharedClassName(ExtensionContext context, String expanded, Class<?> testClass) {
        @SuppressWarnings("unchecked")
        Map<String, String> owners = context.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent("cassette-owners", key -> new ConcurrentHashMap<String, String>(), Map.class);
        String owner = owners.putIfAbsent(expanded, testClass.getName());
        if (owner != null && !owner.equals(testClass.getName())) {
            List<String> both = new ArrayList<>(List.of(owner, testClass.getName()));
            both.sort(null);
            throw new ExtensionConfigurationException("Test classes "
                    + both.get(0)
                    + " and "
                    + both.get(1)
                    + " have the same simple name, so they would share the cassettes "
                    + expanded
                    + " ({class} is the simple class name). Give one of them its own with"
                    + " @AvaliarRecording(cassette = \"{package}/{class}/{method}.json\"), or rename it.");
        }
    }

    /**
     * A value made safe as one file name: path separators, characters Windows refuses and control
     * characters become {@code _}, and {@code .} or {@code ..} cannot name a directory.
     */
    static String fileName(String value) {
        String safe = value.replaceAll("[/\\\\:*?\"<>|\\p{Cntrl}]", "_");
        return safe.isEmpty() || safe.equals(".") || safe.equals("..") ? "_" : safe;
    }

    /** {@code -3} for the third invocation of a parameterized or repeated test, else nothing. */
    private static String invocationSuffix(ExtensionContext context) {
        String id = context.getUniqueId();
        int at = id.lastIndexOf("[test-template-invocation:#");
        if (at < 0) {
            return "";
        }
        int end = id.indexOf(']', at);
        return "-" + id.substring(at + "[test-template-invocation:#".length(), end);
    }

    /** Holds the default attribute values. */
    @AvaliarRecording
    private static final class Defaults {}
}
