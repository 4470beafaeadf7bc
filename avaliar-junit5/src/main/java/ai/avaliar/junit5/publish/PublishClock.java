package ai.avaliar.junit5.publish;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Time as publishing sees it: a monotonic clock, waiting between attempts, and the jitter of that wait. */
interface PublishClock {

    PublishClock SYSTEM = new PublishClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void sleep(Duration duration) throws InterruptedException {
            Thread.sleep(duration.toMillis());
        }

        @Override
        public double random() {
            return ThreadLocalRandom.current().nextDouble();
        }
    };

    long nanoTime();

    void sleep(Duration duration) throws InterruptedException;

    /** A number in [0, 1). */
    double random();
}
