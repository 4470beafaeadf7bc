package ai.avaliar.interop;

import ai.avaliar.recording.ProviderEndpoints;
import java.io.IOException;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends an app's OpenAI requests to the replay server of the running test. A Spring context
 * starts once for many tests and its clients keep the base URL it started with, while each test
 * of avaliar-recording has a base URL of its own: this OkHttp interceptor, put into the app's
 * client, takes each request to the base URL the test set with {@link #use(ProviderEndpoints)}.
 */
public final class ReplayedOpenAi implements Interceptor {

    private static volatile String base;

    /**
     * Sends requests to this test's replay server from now on.
     *
     * @param endpoints the test's endpoints
     */
    public static void use(ProviderEndpoints endpoints) {
        base = endpoints.openai();
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        String current = base;
        if (current == null) {
            throw new IOException("No replay server for " + request.url()
                    + ": call ReplayedOpenAi.use(endpoints) in the test before the app calls OpenAI.");
        }
        HttpUrl target = HttpUrl.get(current);
        String path = request.url().encodedPath();
        int v1 = path.indexOf("/v1/");
        HttpUrl url = target.newBuilder()
                .encodedPath(target.encodedPath() + (v1 >= 0 ? path.substring(v1 + 3) : path))
                .encodedQuery(request.url().encodedQuery())
                .build();
        return chain.proceed(request.newBuilder().url(url).build());
    }
}
