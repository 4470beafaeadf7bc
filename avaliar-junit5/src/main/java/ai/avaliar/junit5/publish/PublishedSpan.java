package ai.avaliar.junit5.publish;

import ai.avaliar.trace.AvaliarAttributes;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;

/** A span as published: under the run's resource and, on a root span, with its test's outcome. */
final class PublishedSpan extends DelegatingSpanData {

    private final Resource resource;
    private final Attributes attributes;
    private final int totalAttributeCount;

    PublishedSpan(SpanData delegate, Resource runResource, String outcome) {
        super(delegate);
        this.resource = delegate.getResource().merge(runResource);
        if (outcome == null) {
            this.attributes = delegate.getAttributes();
            this.totalAttributeCount = delegate.getTotalAttributeCount();
        } else {
            this.attributes = delegate.getAttributes().toBuilder()
                    .put(AvaliarAttributes.TEST_OUTCOME, outcome)
                    .build();
            this.totalAttributeCount = delegate.getTotalAttributeCount()
                    + (delegate.getAttributes().get(AvaliarAttributes.TEST_OUTCOME) == null ? 1 : 0);
        }
    }

    @Override
    public Resource getResource() {
        return resource;
    }

    @Override
    public Attributes getAttributes() {
        return attributes;
    }

    @Override
    public int getTotalAttributeCount() {
        return totalAttributeCount;
    }
}
