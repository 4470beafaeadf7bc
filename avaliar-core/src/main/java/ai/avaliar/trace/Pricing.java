package ai.avaliar.trace;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

/**
 * What models cost, in US dollars per million tokens, for the {@code avaliar.cost.usd} of llm
 * spans. Ships with current OpenAI and Anthropic prices; add or override models with
 * {@link #with}. A dated snapshot ({@code gpt-4o-2024-08-06}, {@code claude-3-5-haiku-20241022})
 * or a {@code -latest} alias is priced as the model it is a snapshot of; any other unknown
 * name ({@code o1-pro} is not {@code o1}) has no cost rather than a wrong one.
 *
 * <pre>{@code
 * Avaliar.configure(AvaliarConfig.builder()
 *         .openTelemetry(openTelemetry)
 *         .pricing(Pricing.defaults().with("my-fine-tune", 3.00, 12.00))
 *         .build());
 * }</pre>
 *
 * @since 0.1.0
 */
public final class Pricing {

    /**
     * A model's price in US dollars per million tokens.
     *
     * @param inputPerMillion prompt tokens
     * @param outputPerMillion completion tokens
     * @param cachedInputPerMillion prompt tokens read from the provider's cache
     */
    public record ModelPrice(double inputPerMillion, double outputPerMillion, double cachedInputPerMillion) {
        /**
         * Checks the prices.
         *
         * @param inputPerMillion as in the record
         * @param outputPerMillion as in the record
         * @param cachedInputPerMillion as in the record
         */
        public ModelPrice {
            if (inputPerMillion < 0 || outputPerMillion < 0 || cachedInputPerMillion < 0) {
                throw new IllegalArgumentException("prices cannot be negative");
            }
        }
    }

    private static final Pricing DEFAULTS = new Pricing(defaultTable());
    /** What may follow a priced name: nothing, a date (2024-08-06, 20241022), a version (0125), -latest. */
    private static final java.util.regex.Pattern SNAPSHOT_SUFFIX =
            java.util.regex.Pattern.compile("|-\\d{4}-\\d{2}-\\d{2}|-\\d{8}|-\\d{4}|-latest");

    private final TreeMap<String, ModelPrice> prices;
    /** Looked-up model names: the same few models price every span. Bounded. */
    private final java.util.concurrent.ConcurrentHashMap<String, Optional<ModelPrice>> resolved =
            new java.util.concurrent.ConcurrentHashMap<>();

    private Pricing(TreeMap<String, ModelPrice> prices) {
        this.prices = prices;
    }

    /**
     * The built-in table of OpenAI and Anthropic list prices.
     *
     * @return the defaults
     */
    public static Pricing defaults() {
        return DEFAULTS;
    }

    /**
     * An empty table: no model has a cost until added.
     *
     * @return an empty table
     */
    public static Pricing empty() {
        return new Pricing(new TreeMap<>());
    }

    /**
     * This table plus one model, whose cached input costs as much as its input.
     *
     * @param model the model name (or prefix of dated snapshots)
     * @param inputPerMillion USD per million prompt tokens
     * @param outputPerMillion USD per million completion tokens
     * @return a new table
     */
    public Pricing with(String model, double inputPerMillion, double outputPerMillion) {
        return with(model, new ModelPrice(inputPerMillion, outputPerMillion, inputPerMillion));
    }

    /**
     * This table plus one model.
     *
     * @param model the model name (or prefix of dated snapshots)
     * @param price its price
     * @return a new table
     */
    public Pricing with(String model, ModelPrice price) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("a priced model needs a name");
        }
        TreeMap<String, ModelPrice> copy = new TreeMap<>(prices);
        copy.put(model.toLowerCase(Locale.ROOT), price);
        return new Pricing(copy);
    }

    /**
     * The price of a model: its own entry, else the longest entry its name starts with.
     *
     * @param model a model name as the provider reports it
     * @return the price, or empty for an unknown model
     */
    public Optional<ModelPrice> priceOf(String model) {
        if (model == null) {
            return Optional.empty();
        }
        Optional<ModelPrice> known = resolved.get(model);
        if (known != null) {
            return known;
        }
        Optional<ModelPrice> price = lookUp(model);
        if (resolved.size() < 1_000) {
            resolved.put(model, price);
        }
        return price;
    }

    private Optional<ModelPrice> lookUp(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        int slash = name.lastIndexOf('/');
        if (slash >= 0) {
            name = name.substring(slash + 1); // "openai/gpt-4o" as routers write it
        }
        Map.Entry<String, ModelPrice> entry = prices.floorEntry(name);
        while (entry != null) {
            if (name.startsWith(entry.getKey())) {
                String rest = name.substring(entry.getKey().length());
                return SNAPSHOT_SUFFIX.matcher(rest).matches() ? Optional.of(entry.getValue()) : Optional.empty();
            }
            entry = prices.lowerEntry(entry.getKey());
        }
        return Optional.empty();
    }

    /**
     * The cost of one call.
     *
     * @param model the model
     * @param inputTokens prompt tokens, cached ones included
     * @param outputTokens completion tokens
     * @param cachedInputTokens prompt tokens read from cache (part of {@code inputTokens})
     * @return USD, or empty for an unknown model
     */
    public OptionalDouble cost(String model, long inputTokens, long outputTokens, long cachedInputTokens) {
        Optional<ModelPrice> price = priceOf(model);
        if (price.isEmpty()) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(usd(price.get(), inputTokens, outputTokens, cachedInputTokens));
    }

    /** {@link #cost} at a known price, without the wrappers: for every llm span. */
    static double usd(ModelPrice p, long inputTokens, long outputTokens, long cachedInputTokens) {
        long cached = Math.min(Math.max(cachedInputTokens, 0), inputTokens);
        return ((inputTokens - cached) * p.inputPerMillion()
                        + cached * p.cachedInputPerMillion()
                        + outputTokens * p.outputPerMillion())
                / 1_000_000.0;
    }

    /**
     * The models in the table.
     *
     * @return model name to price, sorted by name
     */
    public Map<String, ModelPrice> models() {
        return Collections.unmodifiableMap(prices);
    }

    private static TreeMap<String, ModelPrice> defaultTable() {
        TreeMap<String, ModelPrice> t = new TreeMap<>();
        // OpenAI, USD per 1M tokens: input, output, cached input.
        t.put("gpt-4o", new ModelPrice(2.50, 10.00, 1.25));
        t.put("gpt-4o-mini", new ModelPrice(0.15, 0.60, 0.075));
        t.put("gpt-4.1", new ModelPrice(2.00, 8.00, 0.50));
        t.put("gpt-4.1-mini", new ModelPrice(0.40, 1.60, 0.10));
        t.put("gpt-4.1-nano", new ModelPrice(0.10, 0.40, 0.025));
        t.put("gpt-5", new ModelPrice(1.25, 10.00, 0.125));
        t.put("gpt-5-mini", new ModelPrice(0.25, 2.00, 0.025));
        t.put("gpt-5-nano", new ModelPrice(0.05, 0.40, 0.005));
        t.put("gpt-4-turbo", new ModelPrice(10.00, 30.00, 10.00));
        t.put("gpt-3.5-turbo", new ModelPrice(0.50, 1.50, 0.50));
        t.put("o1", new ModelPrice(15.00, 60.00, 7.50));
        t.put("o1-mini", new ModelPrice(1.10, 4.40, 0.55));
        t.put("o3", new ModelPrice(2.00, 8.00, 0.50));
        t.put("o3-mini", new ModelPrice(1.10, 4.40, 0.55));
        t.put("o4-mini", new ModelPrice(1.10, 4.40, 0.275));
        // Anthropic: input, output, cache read.
        t.put("claude-opus-4-5", new ModelPrice(5.00, 25.00, 0.50));
        t.put("claude-opus-4-1", new ModelPrice(15.00, 75.00, 1.50));
        t.put("claude-opus-4", new ModelPrice(15.00, 75.00, 1.50));
        t.put("claude-opus-4-0", new ModelPrice(15.00, 75.00, 1.50));
        t.put("claude-sonnet-4-0", new ModelPrice(3.00, 15.00, 0.30));
        t.put("claude-sonnet-4-5", new ModelPrice(3.00, 15.00, 0.30));
        t.put("claude-sonnet-4", new ModelPrice(3.00, 15.00, 0.30));
        t.put("claude-haiku-4-5", new ModelPrice(1.00, 5.00, 0.10));
        t.put("claude-3-7-sonnet", new ModelPrice(3.00, 15.00, 0.30));
        t.put("claude-3-5-sonnet", new ModelPrice(3.00, 15.00, 0.30));
        t.put("claude-3-5-haiku", new ModelPrice(0.80, 4.00, 0.08));
        t.put("claude-3-opus", new ModelPrice(15.00, 75.00, 1.50));
        t.put("claude-3-haiku", new ModelPrice(0.25, 1.25, 0.03));
        return t;
    }
}
