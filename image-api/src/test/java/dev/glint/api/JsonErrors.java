package dev.glint.api;

import io.restassured.RestAssured;

/**
 * Makes RestAssured ask for JSON by name on API calls unless a test sets another Accept, so error bodies come
 * flat ({@code code}, {@code title}, {@code message}) as Glance gives them to JSON clients.
 */
final class JsonErrors {

    private static boolean installed;

    private JsonErrors() {
    }

    static synchronized void askForJson() {
        if (installed) {
            return;
        }
        installed = true;
        RestAssured.filters((request, response, context) -> {
            // RestAssured's own default is exactly */*; a test that means "anything" says so differently.
            String accept = request.getHeaders().getValue("Accept");
            if ((accept == null || accept.equals("*/*")) && request.getURI().contains("/v2")) {
                request.replaceHeader("Accept", "application/json");
            }
            return context.next(request, response);
        });
    }
}
