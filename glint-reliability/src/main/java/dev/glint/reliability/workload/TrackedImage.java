package dev.glint.reliability.workload;

import dev.glint.reliability.content.Content;

/**
 * What the clients did to one image and saw happen, which is what the checks hold Glint to. An
 * outcome a client could not see (no answer) is {@link Outcome#UNKNOWN}: either ending is allowed.
 */
public final class TrackedImage {

    /** How the image got its data. */
    public enum Flow { SIZED_UPLOAD, CHUNKED_UPLOAD, GLANCE_DIRECT, WEB_DOWNLOAD }

    public enum Outcome { NOT_TRIED, SUCCEEDED, FAILED, UNKNOWN }

    private final String id;
    private final Flow flow;
    private final Content content;
    private volatile Outcome data = Outcome.NOT_TRIED;
    private volatile String dataDetail = "";
    private volatile Outcome delete = Outcome.NOT_TRIED;
    private volatile Outcome copy = Outcome.NOT_TRIED;
    private volatile boolean deactivated;
    private volatile boolean deactivationUncertain;
    private volatile boolean busy;

    TrackedImage(String id, Flow flow, Content content) {
        this.id = id;
        this.flow = flow;
        this.content = content;
    }

    public String id() {
        return id;
    }

    public Flow flow() {
        return flow;
    }

    public Content content() {
        return content;
    }

    /** Whether the upload or import that should have given the image its data worked, as the client saw it. */
    public Outcome data() {
        return data;
    }

    public String dataDetail() {
        return dataDetail;
    }

    void data(Outcome outcome, String detail) {
        data = outcome;
        dataDetail = detail == null ? "" : detail;
    }

    public Outcome delete() {
        return delete;
    }

    void delete(Outcome outcome) {
        // A delete that failed after one whose answer was lost is still maybe-done.
        if (delete != Outcome.SUCCEEDED && !(delete == Outcome.UNKNOWN && outcome == Outcome.FAILED)) {
            delete = outcome;
        }
    }

    /** A copy-image to the second store. */
    public Outcome copy() {
        return copy;
    }

    void copy(Outcome outcome) {
        if (copy != Outcome.SUCCEEDED) {
            copy = outcome;
        }
    }

    /** Whether the client last saw it deactivated; {@link #deactivationUncertain} when an answer was lost. */
    public boolean deactivated() {
        return deactivated;
    }

    public boolean deactivationUncertain() {
        return deactivationUncertain;
    }

    void deactivated(boolean value, boolean certain) {
        deactivated = value;
        deactivationUncertain = !certain;
    }

    boolean tryClaim() {
        synchronized (this) {
            if (busy) {
                return false;
            }
            busy = true;
            return true;
        }
    }

    void release() {
        synchronized (this) {
            busy = false;
        }
    }
}
