package ai.avaliar.benchmarks;

import ai.avaliar.detection.DetectionIssue;
import ai.avaliar.detection.DetectionText;
import ai.avaliar.detection.Detector;
import ai.avaliar.detection.DetectorType;
import ai.avaliar.eval.PiiDetector;
import ai.avaliar.eval.PromptAttackDetector;
import ai.avaliar.eval.SecretsDetector;
import ai.avaliar.eval.ToxicityDetector;
import ai.avaliar.trace.Avaliar;
import ai.avaliar.trace.AvaliarAttributes;
import ai.avaliar.trace.AvaliarConfig;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What LOCAL rule detection costs the caller of a traced llm call, in one run: the same llm span
 * (a user's question in, a support answer of about 500 characters with an e-mail address out)
 * without detection, with {@code detect(PII, TOXICITY, PROMPT_INJECTION)} (asynchronous, the
 * default), and with {@code blocking(true)} as well (the prompt screened inline before the body).
 * Beside them, the rule detectors called directly on the same input and output: the work
 * asynchronous detection moves off the caller's path. The control, {@code asyncNoopDetectors},
 * hands a span to detection as {@code asyncDetection} does (four detector calls) but to detectors
 * that return at once: the cost of the hand-off alone, without the rules' work competing with the
 * caller for the machine's cores. The peer, {@code plainExecutorFourTasks}, is the call without
 * detection followed by what any hand-off to a pool costs in the JDK alone: four empty tasks given
 * to a {@code ThreadPoolExecutor} of two threads, as Avaliar's detection pool is made (and one
 * task, {@code plainExecutorOneTask}: the least a hand-off to another thread costs).
 *
 * <p><b>Keeping detection from falling behind.</b> A span costs the caller about a microsecond;
 * the four rule detectors take far longer on two detection threads. Left alone, the benchmark loop
 * would fill the detection queue within milliseconds and then measure spans that fail fast as
 * "detection queue full", cheap for the wrong reason. So every traced benchmark waits, outside
 * the measured time ({@code @Setup(Level.Invocation)}), for {@link Avaliar#awaitDetections}
 * every {@code awaitEvery} calls: 1 (each span ends into an idle detection pool, as when a
 * traced model call takes hundreds of milliseconds) or 16 (bursts of 16 spans, the detection
 * threads busy on the earlier ones while the caller is measured). The exporter counts every
 * detection result, and the trial fails if any is not {@code COMPLETED} or the e-mail was not found.
 * The LLM judge is switched off ({@code -Davaliar.eval.judge.enabled=false}): rules only.
 *
 * <p>On a machine with few cores the caller's time also holds waits for a core, taken by the
 * detection threads it woke or by other processes. So each trial also prints the CPU time the
 * caller's thread itself spent per call in its last iteration (thread CPU clock read around each
 * call, outside the measured time): what the hand-off costs the caller's thread, waits excluded.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Davaliar.eval.judge.enabled=false")
public class DetectionBenchmark {

    static final String QUESTION = "Where is my order 48213, and who do I write to if it arrives damaged?";

    static final String ANSWER = "Thanks for getting in touch. Your order 48213 left our Lisbon warehouse on Monday"
            + " and should reach you within three to five working days; the carrier will text you a tracking link"
            + " once it leaves the sorting centre. If anything arrives damaged, keep the packaging and write to our"
            + " returns team at returns@example.com with a photo and your order number, and we will send a"
            + " replacement or a refund, whichever you prefer. Returns are free for 30 days and the label is"
            + " prepaid. Is there anything else I can help you with today?";

    static final DetectionText TEXT = new DetectionText(QUESTION, ANSWER);

    /**
     * A typical 2 KB reply of a support agent: prose, a list, an order number, a date, an e-mail
     * address and a phone number, nothing an injection or toxicity rule should report.
     */
    static final String REPLY_2KB = "Thanks for your patience while I looked into this. Here is what I found on your"
            + " account and what happens next.\n\n1. Your order 48213 (two items: the walnut desk and the cable tray)"
            + " left our Lisbon warehouse on Monday 4 November and is with the carrier now. The tracking page says it"
            + " should arrive between Thursday and Saturday; the driver will text you a one-hour window on the day.\n"
            + "2. The refund for the damaged lamp from your previous order, invoice INV-2024-004417, was approved this"
            + " morning. Refunds reach the original payment method within five to seven working days, depending on"
            + " your bank. You do not need to send the lamp back; please recycle the packaging if you can.\n"
            + "3. You asked whether the desk can be assembled by one person. It can, but it is heavy (38 kg), so we"
            + " recommend two people for lifting the top onto the frame. The instructions are in the box and online"
            + " in our help centre, under Furniture > Desks > Assembly, with a short video for each step.\n\n"
            + "If anything arrives damaged, please do not refuse the delivery. Take a photo of the box and of the damage,"
            + " keep the packaging, and write to our returns team at returns@example.com with your order number in the"
            + " subject line. You can also call us on +1 415 555 0132 from 8am to 8pm, Monday to Saturday. We will"
            + " arrange a replacement or a refund, whichever you prefer, and a courier will collect the item at no"
            + " cost to you. Returns are free for 30 days and the label is prepaid.\n\nA few tips while you wait:"
            + " the desk's oak veneer should be kept out of direct sunlight for the first weeks, and the feet have"
            + " adjustable levellers for uneven floors. The cable tray clips under the back edge without tools.\n\n"
            + "I have also noted on your account that you prefer deliveries after 2pm, so future orders will be"
            + " scheduled for the afternoon when the carrier allows it. Is there anything else I can help you with"
            + " today? If not, have a lovely week, and enjoy the new desk.";

    static final DetectionText REPLY = new DetectionText(QUESTION, REPLY_2KB);

    /**
     * Counts spans and their detection results as they are exported (on the caller's thread for
     * spans without detection, on a detection thread for the others), and keeps nothing.
     */
    static final class CountingExporter implements SpanExporter {
        final LongAdder spans = new LongAdder();
        final LongAdder completed = new LongAdder();
        final LongAdder notCompleted = new LongAdder();
        final LongAdder piiChecked = new LongAdder();
        final LongAdder piiFound = new LongAdder();
        volatile String lastProblem;

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            for (SpanData span : batch) {
                spans.increment();
                List<EventData> events = span.getEvents();
                for (int i = 0; i < events.size(); i++) {
                    EventData event = events.get(i);
                    if (!"avaliar.detection".equals(event.getName())) {
                        continue;
                    }
                    String status = event.getAttributes().get(AvaliarAttributes.DETECTION_STATUS);
                    if ("completed".equals(status)) {
                        completed.increment();
                        if ("pii".equals(event.getAttributes().get(AvaliarAttributes.DETECTION_DETECTOR))) {
                            piiChecked.increment();
                            if (Boolean.TRUE.equals(
                                    event.getAttributes().get(AvaliarAttributes.DETECTION_HAS_ISSUES))) {
                                piiFound.increment();
                            }
                        }
                    } else {
                        notCompleted.increment();
                        lastProblem = event.getAttributes().get(AvaliarAttributes.DETECTION_DETECTOR) + " " + status
                                + ": " + event.getAttributes().get(AvaliarAttributes.DETECTION_REASON);
                    }
                }
            }
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }

    /** Finds nothing at once: the control for the hand-off to detection. */
    static final class NoopRule implements Detector {
        private final DetectorType type;

        NoopRule(DetectorType type) {
            this.type = type;
        }

        @Override
        public Set<DetectorType> types() {
            return Set.of(type);
        }

        @Override
        public List<DetectionIssue> detect(DetectorType type, DetectionText text) {
            return List.of();
        }
    }

    /** Avaliar on an SDK whose spans end in the counting exporter; detection paced by {@code awaitEvery}. */
    @State(Scope.Benchmark)
    public static class Traced {
        /** Wait for detection to finish every this many calls, outside the measured time. */
        @Param({"1", "16"})
        public int awaitEvery;

        final CountingExporter exporter = new CountingExporter();
        final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OpenTelemetrySdk sdk;
        int calls;
        long waits;
        long timedOut;
        long cpuStart;
        long cpuNanos;
        long cpuCalls;
        /** The peer: a plain JDK pool like Avaliar's detection pool, and its finished tasks. */
        ThreadPoolExecutor plainPool;

        final Semaphore plainDone = new Semaphore(0);
        int plainSubmitted;
        final Runnable plainTask = plainDone::release;

        @Setup(Level.Trial)
        public void configure() {
            sdk = OpenTelemetrySdk.builder()
                    .setTracerProvider(SdkTracerProvider.builder()
                            .addSpanProcessor(SimpleSpanProcessor.create(exporter))
                            .build())
                    .build();
            // Two no-op rules for each of BIAS and HALLUCINATION, which no rule of avaliar-eval serves:
            // four detector calls per span, as PII (two detectors), TOXICITY and PROMPT_INJECTION make.
            plainPool = new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000), task -> {
                Thread thread = new Thread(task, "plain-pool");
                thread.setDaemon(true);
                return thread;
            });
            Avaliar.configure(AvaliarConfig.builder()
                    .openTelemetry(sdk)
                    .detector(new NoopRule(DetectorType.BIAS))
                    .detector(new NoopRule(DetectorType.BIAS))
                    .detector(new NoopRule(DetectorType.HALLUCINATION))
                    .detector(new NoopRule(DetectorType.HALLUCINATION))
                    .build());
        }

        /** The caller's CPU time is reported for the last iteration only. */
        @Setup(Level.Iteration)
        public void startIteration() {
            cpuNanos = 0;
            cpuCalls = 0;
        }

        /** Not measured: lets the detection of the last {@code awaitEvery} spans finish. */
        @Setup(Level.Invocation)
        public void pace() {
            if (++calls % awaitEvery == 0) {
                waits++;
                if (!Avaliar.awaitDetections(Duration.ofSeconds(10))) {
                    timedOut++;
                }
                plainDone.acquireUninterruptibly(plainSubmitted);
                plainSubmitted = 0;
            }
            cpuStart = threads.getCurrentThreadCpuTime();
        }

        /** Not measured: the CPU time the caller's thread spent in the call just made. */
        @TearDown(Level.Invocation)
        public void callerCpu() {
            cpuNanos += threads.getCurrentThreadCpuTime() - cpuStart;
            cpuCalls++;
        }

        /** The dispatcher thread's CPU time over the trial, and over one idle second after it. */
        private void dispatcherCpu() {
            for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
                if (info.getThreadName().equals("avaliar-detection-dispatch")) {
                    long before = threads.getThreadCpuTime(info.getThreadId());
                    LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(1));
                    long after = threads.getThreadCpuTime(info.getThreadId());
                    System.out.printf(
                            "%n[detection] dispatcher CPU %,d us over the trial, %,d us in the idle second after"
                                    + " it%n",
                            before / 1000, (after - before) / 1000);
                }
            }
        }

        @TearDown(Level.Trial)
        public void check() {
            boolean idle = Avaliar.awaitDetections(Duration.ofSeconds(30));
            dispatcherCpu();
            long spans = exporter.spans.sum();
            long completed = exporter.completed.sum();
            long failed = exporter.notCompleted.sum();
            long piiChecked = exporter.piiChecked.sum();
            long pii = exporter.piiFound.sum();
            System.out.printf(
                    "%n[detection] %,d spans exported, %,d detection results COMPLETED, %,d not"
                            + " (FAILED or PENDING), the e-mail found as PII in %,d of %,d; %,d waits, %,d timed out;"
                            + " caller's thread CPU per call in the last iteration: %,d ns over %,d calls%n",
                    spans,
                    completed,
                    failed,
                    pii,
                    piiChecked,
                    waits,
                    timedOut,
                    cpuCalls == 0 ? 0 : cpuNanos / cpuCalls,
                    cpuCalls);
            Avaliar.shutdown();
            sdk.close();
            plainPool.shutdown();
            if (!idle || failed > 0 || timedOut > 0) {
                throw new IllegalStateException("detection did not keep up, so the caller's figures are not"
                        + " honest: " + failed + " results not COMPLETED (last: " + exporter.lastProblem + "), "
                        + timedOut + " waits timed out, idle at the end: " + idle);
            }
            if (pii != piiChecked) {
                throw new IllegalStateException(
                        "every span checked for PII should have the e-mail found: " + pii + " of " + piiChecked);
            }
        }
    }

    // ---- the traced call, as the caller sees it --------------------------------------------------

    /** (a) The llm span without detection. */
    @Benchmark
    public String noDetection(Traced traced) {
        return Avaliar.llm("answer")
                .model("gpt-4o")
                .provider("openai")
                .temperature(0.2)
                .input("question", QUESTION)
                .call(run -> {
                    run.usage(53, 120);
                    return ANSWER;
                });
    }

    /** (b) The same span with LOCAL rule detection, asynchronous (the default). */
    @Benchmark
    public String asyncDetection(Traced traced) {
        return Avaliar.llm("answer")
                .model("gpt-4o")
                .provider("openai")
                .temperature(0.2)
                .input("question", QUESTION)
                .detect(DetectorType.PII, DetectorType.TOXICITY, DetectorType.PROMPT_INJECTION)
                .call(run -> {
                    run.usage(53, 120);
                    return ANSWER;
                });
    }

    /** The control: the same hand-off (four detector calls) to detectors that return at once. */
    @Benchmark
    public String asyncNoopDetectors(Traced traced) {
        return Avaliar.llm("answer")
                .model("gpt-4o")
                .provider("openai")
                .temperature(0.2)
                .input("question", QUESTION)
                .detect(DetectorType.BIAS, DetectorType.HALLUCINATION)
                .call(run -> {
                    run.usage(53, 120);
                    return ANSWER;
                });
    }

    /** The peer: the call without detection, then four empty tasks handed to a plain two-thread pool. */
    @Benchmark
    public String plainExecutorFourTasks(Traced traced) {
        String answer = noDetection(traced);
        for (int i = 0; i < 4; i++) {
            traced.plainPool.execute(traced.plainTask);
        }
        traced.plainSubmitted += 4;
        return answer;
    }

    /** The peer's floor: the call without detection, then one empty task handed to the plain pool. */
    @Benchmark
    public String plainExecutorOneTask(Traced traced) {
        String answer = noDetection(traced);
        traced.plainPool.execute(traced.plainTask);
        traced.plainSubmitted++;
        return answer;
    }

    /** (d) The same, blocking: the prompt-stage rules run on the question inline, before the body. */
    @Benchmark
    public String blockingDetection(Traced traced) {
        return Avaliar.llm("answer")
                .model("gpt-4o")
                .provider("openai")
                .temperature(0.2)
                .input("question", QUESTION)
                .detect(DetectorType.PII, DetectorType.TOXICITY, DetectorType.PROMPT_INJECTION)
                .blocking(true)
                .call(run -> {
                    run.usage(53, 120);
                    return ANSWER;
                });
    }

    // ---- (c) what detection moved off the caller's path: the rules on the same text ----------------

    /** The detectors, made as ServiceLoader makes them. */
    @State(Scope.Benchmark)
    public static class Rules {
        final PiiDetector pii = new PiiDetector();
        final SecretsDetector secrets = new SecretsDetector();
        final PromptAttackDetector attacks = new PromptAttackDetector();
        final ToxicityDetector toxicity = new ToxicityDetector();
    }

    @Benchmark
    public List<DetectionIssue> rulePii(Rules rules) {
        return rules.pii.detect(DetectorType.PII, TEXT);
    }

    @Benchmark
    public List<DetectionIssue> ruleSecrets(Rules rules) {
        return rules.secrets.detect(DetectorType.PII, TEXT);
    }

    @Benchmark
    public List<DetectionIssue> rulePromptInjection(Rules rules) {
        return rules.attacks.detect(DetectorType.PROMPT_INJECTION, TEXT);
    }

    @Benchmark
    public List<DetectionIssue> ruleToxicity(Rules rules) {
        return rules.toxicity.detect(DetectorType.TOXICITY, TEXT);
    }

    /** All four in a row: what one span's {@code detect(PII, TOXICITY, PROMPT_INJECTION)} runs. */
    @Benchmark
    public int rulesAllFour(Rules rules) {
        return rules.pii.detect(DetectorType.PII, TEXT).size()
                + rules.secrets.detect(DetectorType.PII, TEXT).size()
                + rules.attacks.detect(DetectorType.PROMPT_INJECTION, TEXT).size()
                + rules.toxicity.detect(DetectorType.TOXICITY, TEXT).size();
    }

    /** All four on a typical 2 KB reply: the figure rule detection is held to (under 1 ms at p50). */
    @Benchmark
    public int rulesAllFourOn2KbReply(Rules rules) {
        return rules.pii.detect(DetectorType.PII, REPLY).size()
                + rules.secrets.detect(DetectorType.PII, REPLY).size()
                + rules.attacks.detect(DetectorType.PROMPT_INJECTION, REPLY).size()
                + rules.attacks.detect(DetectorType.JAILBREAK, REPLY).size()
                + rules.toxicity.detect(DetectorType.TOXICITY, REPLY).size();
    }

    /** The prompt screening of the blocking call: the same four on the question alone. */
    @Benchmark
    public int rulesAllFourOnQuestion(Rules rules) {
        DetectionText prompt = new DetectionText(QUESTION, "");
        return rules.pii.detect(DetectorType.PII, prompt).size()
                + rules.secrets.detect(DetectorType.PII, prompt).size()
                + rules.attacks.detect(DetectorType.PROMPT_INJECTION, prompt).size()
                + rules.toxicity.detect(DetectorType.TOXICITY, prompt).size();
    }
}
