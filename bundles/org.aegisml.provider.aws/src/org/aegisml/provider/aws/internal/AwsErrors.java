package org.aegisml.provider.aws.internal;

import java.util.Locale;
import java.util.Set;

import org.aegisml.api.AegisException;
import org.aegisml.api.NotFoundException;
import org.aegisml.api.UnavailableException;
import org.aegisml.api.ValidationException;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkException;

/** Turns the SDK's exceptions into the API's: refused settings, unknown resources, unreachable provider. */
final class AwsErrors {
    private static final Set<String> CREDENTIALS = Set.of("unrecognizedclientexception", "invalidclienttokenid",
            "accessdenied", "accessdeniedexception", "expiredtoken", "expiredtokenexception", "signaturedoesnotmatch",
            "invalidaccesskeyid", "missingauthenticationtoken", "incompletesignature", "notauthorized");

    private AwsErrors() {
    }

    /** The AWS error code of a service exception, or null. */
    static String code(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode();
        }
        return null;
    }

    /** The provider's message without the SDK's request-id decoration. */
    static String message(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && ase.awsErrorDetails().errorMessage() != null) {
            return ase.awsErrorDetails().errorMessage();
        }
        return e.getMessage();
    }

    /** Whether SageMaker said that the named resource does not exist (a 400 ValidationException "Could not find ..."). */
    static boolean notFound(SdkException e) {
        if (!(e instanceof AwsServiceException ase)) return false;
        String code = code(e);
        if ("NoSuchBucket".equals(code)) return false;
        if (code != null && (code.equals("ResourceNotFound") || code.equals("ResourceNotFoundException")
                || code.equals("NoSuchKey") || code.equals("NotFound"))) {
            return true;
        }
        if (ase.statusCode() == 404) return true;
        String m = message(e);
        return ase.statusCode() == 400 && m != null && m.contains("Could not find");
    }

    /** The API's exception for a failed call: {@code what} says what was attempted. */
    static AegisException map(String what, SdkException e) {
        String detail = what + ": " + message(e);
        if (!(e instanceof AwsServiceException ase)) {
            return new UnavailableException(null, "AWS could not be reached (" + detail + ")", e);
        }
        String code = code(e);
        if (ase.isThrottlingException() || ase.statusCode() >= 500) {
            return new UnavailableException(null, "AWS is unavailable (" + detail + ")", e);
        }
        if (ase.statusCode() == 401 || ase.statusCode() == 403
                || (code != null && CREDENTIALS.contains(code.toLowerCase(Locale.ROOT)))) {
            return new UnavailableException(null, "AWS refused the credentials or their permissions (" + detail + ")", e);
        }
        if (notFound(e)) return new NotFoundException(null, detail, e);
        return new ValidationException(null, detail, e);
    }
}
