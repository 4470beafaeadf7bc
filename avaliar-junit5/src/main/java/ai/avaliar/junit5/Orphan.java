package ai.avaliar.junit5;

/**
 * A span that started with no parent and no test id while tests were running: its context was
 * lost on the way to the thread that made it, so it belongs to no test.
 *
 * @param span the span
 * @param runningTests how many tests were running when it started; with one, it is that test's
 */
record Orphan(OpenSpanInfo span, int runningTests) {

    static final String FIX =
            "context was lost: pass the task through Avaliar.propagating(executor)" + " or Avaliar.wrap(task)";

    /** Where contexts usually get lost in tests; said once after the list of orphans. */
    static final String CAUSES = "Common causes: CompletableFuture's *Async methods without an executor and parallel"
            + " streams (both run on the common pool), and an Awaitility condition on a poll executor or thread of your"
            + " own (use pollInSameThread()).";

    boolean unambiguous() {
        return runningTests == 1;
    }

    String describe() {
        return span.describe() + " with no parent"
                + (unambiguous()
                        ? ""
                        : runningTests == 2
                                ? " (another test was running too, so it may be that test's)"
                                : " (" + (runningTests - 1)
                                        + " other tests were running too, so it may be one of theirs)");
    }
}
