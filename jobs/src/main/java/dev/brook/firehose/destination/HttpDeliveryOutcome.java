package dev.brook.firehose.destination;

/**
 * What one attempt of a batch came to: success, or Firehose's error code and a message naming the
 * status and what the endpoint said.
 */
record HttpDeliveryOutcome(boolean success, String errorCode, String errorMessage) {
    static final String DESTINATION_EXCEPTION = "HttpEndpoint.DestinationException";
    static final String INVALID_RESPONSE = "HttpEndpoint.InvalidResponseFromDestination";
    static final String RESPONSE_TOO_LARGE = "HttpEndpoint.ResponseTooLarge";
    static final String REQUEST_TIMEOUT = "HttpEndpoint.RequestTimeout";
    static final String CONNECTION_FAILED = "HttpEndpoint.ConnectionFailed";

    static final HttpDeliveryOutcome SUCCESS = new HttpDeliveryOutcome(true, null, null);

    static HttpDeliveryOutcome failed(String errorCode, String errorMessage) {
        return new HttpDeliveryOutcome(false, errorCode, errorMessage);
    }
}
