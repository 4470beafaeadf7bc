package ai.avaliar.interop.springai;

import java.lang.reflect.Type;
import org.springframework.ai.tool.annotation.Tool;
import org.springframework.ai.tool.execution.ToolCallResultConverter;

/** The tool the model may call: where the user is. */
class CountryTools {

    @Tool(name = "get_user_country", description = "The country the user is in", resultConverter = AsText.class)
    String getUserCountry() {
        return "Mexico";
    }

    /** Hands the model the country as text; Spring AI's default writes every result as JSON ({@code "\"Mexico\""}). */
    public static final class AsText implements ToolCallResultConverter {

        /** Made by Spring AI, by reflection. */
        public AsText() {}

        @Override
        public String convert(Object result, Type returnType) {
            return String.valueOf(result);
        }
    }
}
