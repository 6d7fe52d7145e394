package dev.glint.upload;

import dev.glint.infra.GlintInfraTestResource;
import dev.glint.upload.domain.VerifyMode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;

/** The tests of {@link UploadVerificationTest} with the full re-read ({@code glint.upload-worker.verify=reread}). */
@QuarkusTest
@QuarkusTestResource(GlintInfraTestResource.class)
@TestProfile(UploadRereadVerificationTest.Reread.class)
class UploadRereadVerificationTest extends UploadVerificationTest {

    public static class Reread implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("glint.upload-worker.verify", "reread");
        }
    }

    @Override
    VerifyMode mode() {
        return VerifyMode.REREAD;
    }
}
