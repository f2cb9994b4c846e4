package io.clickflow.producer.sink.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpPipelineCallContext;
import com.azure.core.http.HttpPipelineNextPolicy;
import com.azure.core.http.HttpPipelineNextSyncPolicy;
import com.azure.core.http.HttpResponse;
import com.azure.core.http.policy.HttpPipelinePolicy;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;

/**
 * Fails a share of the requests with 503 ServerBusy or 429 (with Retry-After), the way a throttled
 * account does. Half of the failures never reach the service; the other half do, and only the
 * answer is replaced, as when a response is lost on the way back: the request took effect, but the
 * client cannot know. Seeded, so a run fails the same requests every time.
 */
final class FaultInjectionPolicy implements HttpPipelinePolicy {

  private final double rate;
  private final SplittableRandom random;
  private final AtomicLong requests = new AtomicLong();
  private final AtomicLong failedBeforeService = new AtomicLong();
  private final AtomicLong failedAfterService = new AtomicLong();
  private final AtomicLong throttled = new AtomicLong();

  FaultInjectionPolicy(double rate, long seed) {
    this.rate = rate;
    this.random = new SplittableRandom(seed);
  }

  private enum Fault {
    NONE,
    BEFORE_SERVICE,
    AFTER_SERVICE
  }

  @Override
  public Mono<HttpResponse> process(HttpPipelineCallContext context, HttpPipelineNextPolicy next) {
    Fault fault = nextFault();
    return switch (fault) {
      case NONE -> next.process();
      case BEFORE_SERVICE -> Mono.just(failure(context));
      case AFTER_SERVICE ->
          next.process()
              .flatMap(
                  lost ->
                      lost.getBodyAsByteArray()
                          .defaultIfEmpty(new byte[0])
                          .map(
                              ignored -> {
                                lost.close();
                                return failure(context);
                              }));
    };
  }

  @Override
  public HttpResponse processSync(
      HttpPipelineCallContext context, HttpPipelineNextSyncPolicy next) {
    Fault fault = nextFault();
    if (fault == Fault.NONE) {
      return next.processSync();
    }
    if (fault == Fault.AFTER_SERVICE) {
      try (HttpResponse lost = next.processSync()) {
        lost.getBodyAsBinaryData().toBytes();
      }
    }
    return failure(context);
  }

  private synchronized Fault nextFault() {
    requests.incrementAndGet();
    if (random.nextDouble() >= rate) {
      return Fault.NONE;
    }
    if (random.nextBoolean()) {
      failedBeforeService.incrementAndGet();
      return Fault.BEFORE_SERVICE;
    }
    failedAfterService.incrementAndGet();
    return Fault.AFTER_SERVICE;
  }

  private synchronized HttpResponse failure(HttpPipelineCallContext context) {
    if (random.nextBoolean()) {
      throttled.incrementAndGet();
      return StubResponse.error(
          context.getHttpRequest(),
          429,
          "TooManyRequests",
          new HttpHeaders().set(HttpHeaderName.RETRY_AFTER, "1"));
    }
    return StubResponse.error(context.getHttpRequest(), 503, "ServerBusy", new HttpHeaders());
  }

  long requests() {
    return requests.get();
  }

  long failed() {
    return failedBeforeService.get() + failedAfterService.get();
  }

  long failedAfterService() {
    return failedAfterService.get();
  }

  long throttled() {
    return throttled.get();
  }
}
