package ai.avaliar.detection.internal;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionMethod;
import ai.avaliar.detection.DetectionMode;
import ai.avaliar.detection.DetectionResult;
import ai.avaliar.detection.DetectionStatus;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.trace.internal.Durations;
import ai.avaliar.trace.internal.Sdk;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;

/**
 * LOCAL detection: the detectors found by {@code ServiceLoader} (avaliar-eval's) and those
 * registered in {@code AvaliarConfig}, fanned out per type to the pools, and their findings merged
 * into one result per type; a detector that fails or times out fails its type, keeping what the
 * others found.
 *
 * <p>This class is internal and is hence not for public use. Its APIs are unstable and can change at
 * any time.
 */
public final class LocalDetection {

    private static volatile List<Detector> classPath;

    /** The detectors {@link ServiceLoader} finds, once; a provider that cannot load is skipped with a warning. */
    public static List<Detector> classPathDetectors() {
        List<Detector> found = classPath;
        if (found == null) {
            synchronized (LocalDetection.class) {
                found = classPath;
                if (found == null) {
                    found = load();
                    classPath = found;
                }
            }
        }
        return found;
    }

    private static List<Detector> load() {
        List<Detector> detectors = new ArrayList<>();
        ClassLoader loader = Detector.class.getClassLoader();
        Iterator<Detector> providers =
                ServiceLoader.load(Detector.class, loader).iterator();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    break;
                }
                detectors.add(providers.next());
            } catch (ServiceConfigurationError | LinkageError | RuntimeException e) {
                Sdk.warn(
                        "a Detector listed in META-INF/services/" + Detector.class.getName()
                                + " could not be loaded; it is skipped",
                        e);
            }
        }
        return List.copyOf(detectors);
    }

    public static List<Detector> localDetectors(DetectionSettings settings) {
        List<Detector> all = new ArrayList<>(classPathDetectors());
        all.addAll(settings.registered());
        return all;
    }

    public static boolean noLocalDetectors(DetectionSettings settings) {
        return settings.registered().isEmpty() && classPathDetectors().isEmpty();
    }

    /** The fail-fast error of LOCAL detection with no detector anywhere. */
    public static IllegalStateException missingLocalDetectors(String what) {
        return new IllegalStateException(what + " asks for LOCAL detection, but no detector is on the class path:"
                + " LOCAL detection runs Avaliar's detectors from the artifact ai.avaliar:avaliar-eval. Add it:\n"
                + "    <dependency>\n"
                + "        <groupId>ai.avaliar</groupId>\n"
                + "        <artifactId>avaliar-eval</artifactId>\n"
                + "        <version>" + Sdk.VERSION + "</version>\n"
                + "    </dependency>\n"
                + "(Gradle: implementation(\"ai.avaliar:avaliar-eval:" + Sdk.VERSION
                + "\")),"
                + " or register your own with AvaliarConfig.builder().detector(...), or use"
                + " detectionMode(DetectionMode.CLOUD).");
    }

    /**
     * One result per type: the issues of every available local detector serving it, merged. With
     * {@code inline}, rule detectors run on this thread; the others always on the pool.
     */
    public static CompletableFuture<List<DetectionResult>> local(
            Collection<DetectorType> types, DetectionText text, DetectionSettings settings, boolean inline) {
        List<Detector> detectors = localDetectors(settings);
        Duration timeout = settings.timeout(); // read once: it may come from a property or the environment
        List<CompletableFuture<DetectionResult>> perType = new ArrayList<>();
        for (DetectorType type : types) {
            perType.add(localType(type, detectors, text, timeout, inline));
        }
        return CompletableFuture.allOf(perType.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> perType.stream().map(CompletableFuture::join).collect(Collectors.toList()));
    }

    private static CompletableFuture<DetectionResult> localType(
            DetectorType type, List<Detector> detectors, DetectionText text, Duration timeout, boolean inline) {
        List<Detector> serving = new ArrayList<>();
        List<Detector> unavailable = new ArrayList<>();
        for (Detector detector : detectors) {
            if (serves(detector, type)) {
                if (available(detector)) {
                    serving.add(detector);
                } else {
                    unavailable.add(detector);
                }
            }
        }
        if (serving.isEmpty()) {
            String reason = unavailable.isEmpty()
                    ? "no LOCAL detector serves " + type
                            + ": add ai.avaliar:avaliar-eval, or register a Detector for it"
                            + " with AvaliarConfig.builder().detector(...)"
                    : "no available LOCAL detector serves " + type + ": " + names(unavailable) + " "
                            + (unavailable.size() == 1 ? "is" : "are") + " not available here; configure "
                            + (unavailable.size() == 1 ? "it" : "them") + " (a detector's name says what it lacks)";
            return CompletableFuture.completedFuture(DetectionResult.failed(type, DetectionMode.LOCAL, reason));
        }
        List<CompletableFuture<Outcome>> outcomes = new ArrayList<>();
        for (Detector detector : serving) {
            outcomes.add(runOne(detector, type, text, timeout, inline));
        }
        return CompletableFuture.allOf(outcomes.toArray(new CompletableFuture<?>[0]))
                .thenApply(done -> merge(
                        type, outcomes.stream().map(CompletableFuture::join).collect(Collectors.toList())));
    }

    /** What one detector said: issues, or why it could not say. */
    private record Outcome(String detector, List<DetectionIssue> issues, String failure) {}

    private static CompletableFuture<Outcome> runOne(
            Detector detector, DetectorType type, DetectionText text, Duration timeout, boolean inline) {
        String name = name(detector);
        DetectionMethod method = method(detector);
        if (inline && method == DetectionMethod.RULE) {
            return CompletableFuture.completedFuture(call(detector, name, type, text));
        }
        return DetectionPools.onPool(
                        method == DetectionMethod.RULE ? DetectionPools.RULES : DetectionPools.JUDGES,
                        () -> call(detector, name, type, text),
                        timeout,
                        new Outcome(
                                name,
                                List.of(),
                                "timed out after " + Durations.format(timeout)
                                        + " (AvaliarConfig.detectionTimeout, AVALIAR_DETECTION_TIMEOUT)"))
                .exceptionally(error -> new Outcome(name, List.of(), Detections.problem(error)));
    }

    private static Outcome call(Detector detector, String name, DetectorType type, DetectionText text) {
        try {
            List<DetectionIssue> issues = detector.detect(type, text);
            if (issues == null) {
                return new Outcome(name, List.of(), "failed: returned null instead of a list of issues");
            }
            List<DetectionIssue> copy = new ArrayList<>();
            for (DetectionIssue issue : issues) {
                if (issue != null) {
                    copy.add(issue);
                }
            }
            return new Outcome(name, copy, null);
        } catch (Exception | LinkageError | StackOverflowError | AssertionError e) {
            return new Outcome(name, List.of(), "failed: " + Detections.describe(e));
        }
    }

    private static DetectionResult merge(DetectorType type, List<Outcome> outcomes) {
        List<DetectionIssue> issues = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (Outcome outcome : outcomes) {
            issues.addAll(outcome.issues());
            if (outcome.failure() != null) {
                failures.add(outcome.detector() + " " + outcome.failure());
            }
        }
        if (failures.isEmpty()) {
            return DetectionResult.completed(type, DetectionMode.LOCAL, issues);
        }
        // Failed, yet what the other detectors found is kept: it is real.
        return new DetectionResult(
                type, DetectionStatus.FAILED, DetectionMode.LOCAL, issues, String.join("; ", failures));
    }

    private static boolean serves(Detector detector, DetectorType type) {
        try {
            Set<DetectorType> types = detector.types();
            return types != null && types.contains(type);
        } catch (RuntimeException | LinkageError e) {
            Sdk.warn("detector " + name(detector) + " failed to say its types; it is skipped", e);
            return false;
        }
    }

    private static boolean available(Detector detector) {
        try {
            return detector.isAvailable();
        } catch (RuntimeException | LinkageError e) {
            Sdk.warn("detector " + name(detector) + " failed to say whether it is available", e);
            return false;
        }
    }

    private static DetectionMethod method(Detector detector) {
        try {
            DetectionMethod method = detector.method();
            return method == null ? DetectionMethod.RULE : method;
        } catch (RuntimeException e) {
            return DetectionMethod.LLM_JUDGE; // unknown: not inline
        }
    }

    private static String name(Detector detector) {
        try {
            String name = detector.name();
            return name == null || name.isBlank() ? detector.getClass().getName() : name;
        } catch (RuntimeException e) {
            return detector.getClass().getName();
        }
    }

    private static String names(List<Detector> detectors) {
        return detectors.stream().map(LocalDetection::name).collect(Collectors.joining(", "));
    }

    private LocalDetection() {}
}
