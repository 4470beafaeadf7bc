package ai.avaliar.examples;

import ai.avaliar.trace.Avaliar;
import com.openai.client.OpenAIClient;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * The guide's concurrent spans: an agent runs two tools in parallel, then asks OpenAI for a
 * briefing. Both tools are children of the agent although they run on other threads, because
 * the executor carries the context ({@link Avaliar#propagating(Executor)}).
 *
 * <pre>{@code
 * MorningBriefing briefing = new MorningBriefing(openai, Executors.newFixedThreadPool(2),
 *     city -> weatherApi.today(city), topic -> newsApi.headline(topic));
 * String text = briefing.brief("Lisbon", "technology");
 * // morning_briefing (agent)
 * //   ├── fetch_weather (tool)   ─ run in parallel
 * //   ├── fetch_news    (tool)   ─ run in parallel
 * //   └── synthesize    (llm)
 * }</pre>
 *
 * @since 0.1.0
 */
public final class MorningBriefing {

    private final OpenAIClient openai;
    private final Executor tools;
    private final Function<String, String> weather;
    private final Function<String, String> news;

    /**
     * @param openai the OpenAI client
     * @param tools where the tools run; wrapped so that their spans keep their parent
     * @param weather the weather source, by city
     * @param news the news source, by topic
     */
    public MorningBriefing(
            OpenAIClient openai, Executor tools, Function<String, String> weather, Function<String, String> news) {
        this.openai = openai;
        this.tools = Avaliar.propagating(tools);
        this.weather = weather;
        this.news = news;
    }

    /**
     * Fetches weather and news at the same time, then has the model write the briefing.
     *
     * @param city the city for the weather
     * @param topic the topic for the news
     * @return the briefing
     */
    public String brief(String city, String topic) {
        return Avaliar.agent("morning_briefing")
                .input("city", city)
                .input("topic", topic)
                .call(() -> {
                    // asyncio.gather: both tools start now, each on a pool thread, each span a child of the agent
                    CompletableFuture<String> weatherToday =
                            CompletableFuture.supplyAsync(() -> fetchWeather(city), tools);
                    CompletableFuture<String> newsToday = CompletableFuture.supplyAsync(() -> fetchNews(topic), tools);
                    String prompt = "Give me a morning briefing.\n\nWeather: " + weatherToday.join() + "\nNews: "
                            + newsToday.join();
                    return synthesize(prompt);
                });
    }

    private String fetchWeather(String city) {
        return Avaliar.tool("fetch_weather").input("city", city).call(() -> weather.apply(city));
    }

    private String fetchNews(String topic) {
        return Avaliar.tool("fetch_news").input("topic", topic).call(() -> news.apply(topic));
    }

    private String synthesize(String prompt) {
        return Avaliar.llm("synthesize")
                .model("gpt-4o")
                .provider("openai")
                .temperature(0.2)
                .input("prompt", prompt)
                .call(run -> {
                    ChatCompletion completion = openai.chat()
                            .completions()
                            .create(ChatCompletionCreateParams.builder()
                                    .model("gpt-4o")
                                    .temperature(0.2)
                                    .addUserMessage(prompt)
                                    .build());
                    run.usageFrom(completion);
                    return completion.choices().get(0).message().content().orElse("");
                });
    }
}
