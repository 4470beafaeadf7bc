package ai.avaliar.interop.springai;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/**
 * A Spring Boot 4 app with a Spring AI 2.0 {@link ChatClient} that may call one tool. It knows
 * nothing of Avaliar: its spans are Spring AI's, made through Micrometer's observations and the
 * OpenTelemetry bridge of {@code spring-boot-starter-opentelemetry}.
 *
 * <pre>{@code
 * String answer = context.getBean(CountryAssistant.class).ask("What is the largest city in the user country?");
 * }</pre>
 */
@SpringBootApplication
public class CountryApplication {

    /**
     * Runs the app.
     *
     * @param args Spring Boot's arguments
     */
    public static void main(String[] args) {
        SpringApplication.run(CountryApplication.class, args);
    }

    @Bean
    ChatClient chatClient(ChatClient.Builder builder) {
        return builder.defaultTools(new CountryTools()).build();
    }
}
