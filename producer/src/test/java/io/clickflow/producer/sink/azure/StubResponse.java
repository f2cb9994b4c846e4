package io.clickflow.producer.sink.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** A storage error response made up in the test, as the service would send it. */
final class StubResponse extends HttpResponse {

  private final int status;
  private final HttpHeaders headers;
  private final byte[] body;

  StubResponse(HttpRequest request, int status, HttpHeaders headers, String body) {
    super(request);
    this.status = status;
    this.headers = headers;
    this.body = body.getBytes(StandardCharsets.UTF_8);
  }

  /** A Blob-style error: XML body, error code in {@code x-ms-error-code}. */
  static StubResponse error(HttpRequest request, int status, String code, HttpHeaders extra) {
    HttpHeaders headers = new HttpHeaders(extra);
    headers.set(HttpHeaderName.fromString("x-ms-error-code"), code);
    headers.set(HttpHeaderName.CONTENT_TYPE, "application/xml");
    String body =
        "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>"
            + code
            + "</Code><Message>Injected by the test.\nRequestId:0</Message></Error>";
    headers.set(
        HttpHeaderName.CONTENT_LENGTH,
        Integer.toString(body.getBytes(StandardCharsets.UTF_8).length));
    return new StubResponse(request, status, headers, body);
  }

  @Override
  public int getStatusCode() {
    return status;
  }

  @Override
  @Deprecated
  public String getHeaderValue(String name) {
    return headers.getValue(HttpHeaderName.fromString(name));
  }

  @Override
  public String getHeaderValue(HttpHeaderName name) {
    return headers.getValue(name);
  }

  @Override
  public HttpHeaders getHeaders() {
    return headers;
  }

  @Override
  public Flux<ByteBuffer> getBody() {
    return Flux.just(ByteBuffer.wrap(body));
  }

  @Override
  public Mono<byte[]> getBodyAsByteArray() {
    return Mono.just(body);
  }

  @Override
  public Mono<String> getBodyAsString() {
    return Mono.just(new String(body, StandardCharsets.UTF_8));
  }

  @Override
  public Mono<String> getBodyAsString(Charset charset) {
    return Mono.just(new String(body, charset));
  }
}
