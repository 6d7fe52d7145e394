package dev.glint.api.domain;

/** A request that cannot be served, with the HTTP status Glance gives for it. */
public class ApiException extends RuntimeException {

    private final int status;

    public ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(403, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(409, message);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, message);
    }

    public static ApiException unavailable(String message) {
        return new ApiException(503, message);
    }

    public static ApiException imageNotFound(Object id) {
        return notFound("No image found with ID " + id);
    }
}
