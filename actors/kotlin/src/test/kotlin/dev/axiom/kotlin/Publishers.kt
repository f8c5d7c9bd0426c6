package dev.axiom.kotlin

import java.util.concurrent.CompletableFuture
import java.util.concurrent.atomic.AtomicInteger
import org.reactivestreams.Publisher
import org.reactivestreams.Subscriber
import org.reactivestreams.Subscription

/** Passes [inner] through and completes [cancelled] when its subscriber cancels the subscription. */
internal class CancelSpy<T>(private val inner: Publisher<T>, val cancelled: CompletableFuture<Unit>) : Publisher<T> {
    override fun subscribe(s: Subscriber<in T>) = inner.subscribe(object : Subscriber<T> {
        override fun onSubscribe(sub: Subscription) = s.onSubscribe(object : Subscription {
            override fun request(n: Long) = sub.request(n)

            override fun cancel() {
                cancelled.complete(Unit)
                sub.cancel()
            }
        })

        override fun onNext(t: T) = s.onNext(t)
        override fun onError(t: Throwable) = s.onError(t)
        override fun onComplete() = s.onComplete()
    })
}

/** Publishes 1..[count] on demand, on the requesting thread; counts subscriptions, records a cancel. */
internal class CountingPublisher(private val count: Int) : Publisher<Int> {
    val subscriptions = AtomicInteger()
    val emitted = AtomicInteger()
    val cancelled = CompletableFuture<Unit>()

    override fun subscribe(s: Subscriber<in Int>) {
        subscriptions.incrementAndGet()
        s.onSubscribe(object : Subscription {
            private var next = 1
            private var done = false

            override fun request(n: Long) {
                var wanted = n
                while (wanted-- > 0 && !done && next <= count) {
                    emitted.incrementAndGet()
                    s.onNext(next++)
                }
                if (!done && next > count) {
                    done = true
                    s.onComplete()
                }
            }

            override fun cancel() {
                done = true
                cancelled.complete(Unit)
            }
        })
    }
}
