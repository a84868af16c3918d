// AdaptiveChunkSize (how many bytes the next request carries) and RetryDeadline (when to try again,
// and when to give up), both pure: events in, sizes and waits out.
#include "crypto/SealedEnvelope.h"
#include "sync/AdaptiveChunkSize.h"
#include "sync/ChunkedPush.h"
#include "sync/RetryDeadline.h"

#include <QCoreApplication>
#include <QTest>

#include <numeric>

using namespace kjzy;

namespace {

constexpr qint64 KiB = 1024;

// "S" = the last request went through, "F<bytes>" = a request of that many bytes failed.
void apply(AdaptiveChunkSize& size, const QString& event)
{
    if (event == u"S")
        size.succeeded();
    else if (event.startsWith(u'F'))
        size.failed(event.mid(1).toLongLong());
    else
        qFatal("unknown event %s", qPrintable(event));
}

QStringList events(QStringView text)
{
    return text.toString().split(u' ');
}

} // namespace

class TestAdaptiveChunkSize : public QObject
{
    Q_OBJECT

private slots:
    void followsTheRules_data()
    {
        QTest::addColumn<QStringList>("events");
        QTest::addColumn<QList<qint64>>("sizes"); // current() after each event

        QTest::newRow("halves after a failure") << events(u"F65536") << QList<qint64>{32 * KiB};
        QTest::newRow("one success is not enough to grow") << events(u"S") << QList<qint64>{64 * KiB};
        QTest::newRow("grows by half after two successes")
            << events(u"S S S S") << QList<qint64>{64 * KiB, 96 * KiB, 96 * KiB, 144 * KiB};
        QTest::newRow("a failure breaks the run of successes")
            << events(u"S F65536 S S") << QList<qint64>{64 * KiB, 32 * KiB, 32 * KiB, 48 * KiB};
        QTest::newRow("never above 90% of the size that failed")
            << events(u"F65536 S S S S S S")
            << QList<qint64>{32 * KiB, 32 * KiB, 48 * KiB, 48 * KiB, 58982, 58982, 58982};
        QTest::newRow("the smallest failure sets the ceiling")
            << events(u"F65536 F10000 S S") << QList<qint64>{32 * KiB, 9000, 9000, 9000};
        QTest::newRow("a larger failure later does not raise it")
            << events(u"F10000 F65536 S S") << QList<qint64>{9000, 4500, 4500, 6750};
        QTest::newRow("floor of 1 KiB")
            << events(u"F65536 F32768 F16384 F8192 F4096 F2048 F1024 F1024")
            << QList<qint64>{32 * KiB, 16 * KiB, 8 * KiB, 4 * KiB, 2 * KiB, 1 * KiB, 1 * KiB, 1 * KiB};
        QTest::newRow("a failure below the floor keeps the floor")
            << events(u"F500 S S") << QList<qint64>{1 * KiB, 1 * KiB, 1 * KiB};
        QStringList manySuccesses;
        QList<qint64> growing;
        qint64 size = 64 * KiB;
        for (int i = 0; i < 40; ++i) {
            manySuccesses << QStringLiteral("S");
            if (i % 2 == 1)
                size = std::min<qint64>(4096 * KiB, size + size / 2);
            growing << size;
        }
        QTest::newRow("cap of 4 MiB") << manySuccesses << growing;
        QCOMPARE(growing.last(), 4096 * KiB);
    }

    void followsTheRules()
    {
        QFETCH(QStringList, events);
        QFETCH(QList<qint64>, sizes);
        QCOMPARE(events.size(), sizes.size());
        AdaptiveChunkSize size;
        QCOMPARE(size.current(), 64 * KiB);
        for (qsizetype i = 0; i < events.size(); ++i) {
            apply(size, events.at(i));
            QVERIFY2(size.current() == sizes.at(i),
                     qPrintable(QStringLiteral("after event %1 (%2): %3, expected %4")
                                    .arg(i)
                                    .arg(events.at(i))
                                    .arg(size.current())
                                    .arg(sizes.at(i))));
            QVERIFY(size.current() <= size.ceiling());
        }
    }

    void limitsAreConfigurable()
    {
        // Pull pages: the server raises max_bytes below 4096 to 4096, so that is the floor there.
        AdaptiveChunkSize pages(ChunkSizeLimits{64 * KiB, 4 * KiB, 4096 * KiB});
        for (int i = 0; i < 10; ++i)
            pages.failed(pages.current());
        QCOMPARE(pages.current(), 4 * KiB);
        QCOMPARE(pages.smallestFailure(), std::optional<qint64>(4 * KiB));

        // What the upload learnt bounds the pages: the ceiling, not a halving.
        AdaptiveChunkSize afterUpload(ChunkSizeLimits{64 * KiB, 4 * KiB, 4096 * KiB});
        afterUpload.failedElsewhere(64 * KiB);
        QCOMPARE(afterUpload.current(), qint64(58982));
        for (int i = 0; i < 10; ++i)
            afterUpload.succeeded();
        QCOMPARE(afterUpload.current(), qint64(58982));
        AdaptiveChunkSize small(ChunkSizeLimits{8 * KiB, 4 * KiB, 4096 * KiB});
        small.failedElsewhere(64 * KiB);
        QCOMPARE(small.current(), 8 * KiB); // below the ceiling already: unchanged
        small.succeeded();
        small.succeeded();
        QCOMPARE(small.current(), 12 * KiB);

        // Inconsistent limits are put in order rather than trusted.
        AdaptiveChunkSize odd(ChunkSizeLimits{100, 1000, 10});
        QCOMPARE(odd.current(), qint64(1000));
        QCOMPARE(odd.ceiling(), qint64(1000));
    }

    // A link that cuts every connection after 64 KiB of traffic, a request carrying ~600 bytes of
    // HTTP headers besides its chunk: after one failure the size settles just under the cut and
    // no other request fails.
    void settlesUnderACutEvery64KiB()
    {
        AdaptiveChunkSize size;
        const auto passes = [](qint64 chunk) { return chunk + 600 <= 64 * KiB; };
        int failures = 0;
        qint64 moved = 0;
        for (int request = 0; request < 100; ++request) {
            const qint64 chunk = size.current();
            if (passes(chunk)) {
                moved += chunk;
                size.succeeded();
            } else {
                ++failures;
                size.failed(chunk);
            }
        }
        QCOMPARE(failures, 1);
        QCOMPARE(size.current(), qint64(58982));
        QVERIFY(moved > 99 * 50 * KiB);
    }
};

// A fake monotonic clock: sleeping moves it, attempts move it by what they "take".
struct FakeTime
{
    qint64 now = 1000;
    QList<int> sleeps;

    RetryDeadline::Hooks hooks(double random)
    {
        RetryDeadline::Hooks h;
        h.nowMs = [this] { return now; };
        h.sleepMs = [this](int ms) {
            sleeps << ms;
            now += ms;
        };
        h.unitRandom = [random] { return random; };
        return h;
    }
};

class TestRetryDeadline : public QObject
{
    Q_OBJECT

    static HttpLinkOptions backoff()
    {
        HttpLinkOptions options;
        options.initialBackoffMs = 250;
        options.maxBackoffMs = 8000;
        return options;
    }

private slots:
    void waitsGrowUntilTheDeadline_data()
    {
        QTest::addColumn<qint64>("budget");
        QTest::addColumn<double>("random");
        QTest::addColumn<int>("attemptMs"); // how long each failing attempt takes
        QTest::addColumn<QList<int>>("sleeps");

        // Equal jitter: half of 250·2^n fixed, the other half scaled by the random draw.
        QTest::newRow("3 s, mid jitter, instant failures")
            << qint64(3000) << 0.5 << 0 << QList<int>{187, 375, 750, 1500};
        QTest::newRow("3 s, no jitter") << qint64(3000) << 0.0 << 0 << QList<int>{125, 250, 500, 1000};
        QTest::newRow("3 s, full jitter, slow attempts")
            << qint64(3000) << 1.0 << 300 << QList<int>{250, 500, 1000};
        QTest::newRow("60 s: waits stop growing at the cap")
            << qint64(60000) << 1.0 << 0
            << QList<int>{250, 500, 1000, 2000, 4000, 8000, 8000, 8000, 8000, 8000, 8000};
        QTest::newRow("no budget: no wait at all") << qint64(0) << 0.5 << 0 << QList<int>{};
    }

    void waitsGrowUntilTheDeadline()
    {
        QFETCH(qint64, budget);
        QFETCH(double, random);
        QFETCH(int, attemptMs);
        QFETCH(QList<int>, sleeps);
        FakeTime time;
        RetryDeadline deadline(budget, backoff(), time.hooks(random));
        int retries = 0;
        for (;;) {
            time.now += attemptMs;
            if (!deadline.backOff())
                break;
            ++retries;
            QVERIFY(retries < 100);
        }
        QCOMPARE(time.sleeps, sleeps);
        QCOMPARE(retries, sleeps.size());
        QVERIFY(deadline.elapsedMs() <= std::max<qint64>(budget, 0) + attemptMs);
        QCOMPARE(deadline.waitedMs(), std::accumulate(sleeps.begin(), sleeps.end(), qint64(0)));
    }

    void progressStartsTheBackoffAgain()
    {
        FakeTime time;
        RetryDeadline deadline(60000, backoff(), time.hooks(1.0));
        QVERIFY(deadline.backOff());
        QVERIFY(deadline.backOff());
        QVERIFY(deadline.backOff());
        QCOMPARE(deadline.failuresInARow(), 3);
        deadline.progressed();
        QCOMPARE(deadline.failuresInARow(), 0);
        QVERIFY(deadline.backOff());
        QCOMPARE(time.sleeps, (QList<int>{250, 500, 1000, 250}));
        QCOMPARE(deadline.remainingMs(), 60000 - 2000);
        QVERIFY(!deadline.expired());
        time.now += 58000;
        QVERIFY(deadline.expired());
        QVERIFY(!deadline.backOff());
    }

    void defaultsWaitForReal()
    {
        HttpLinkOptions options;
        options.initialBackoffMs = 20;
        options.maxBackoffMs = 20;
        RetryDeadline deadline(5000, options);
        QVERIFY(deadline.backOff());
        QVERIFY(deadline.waitedMs() >= 10 && deadline.waitedMs() <= 20); // equal jitter: at least half
    }
};

// The server checks the header and signature of an upload before it stores a byte, so the first
// chunk must hold them whatever the chunk size has come down to.
class TestFirstChunk : public QObject
{
    Q_OBJECT

private slots:
    void holdsHeaderAndSignature_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<qint64>("minimum");
        const QByteArray sealed =
            SealedEnvelope{QByteArray(300, 'h'), QByteArray(64, 's'), QByteArray(5000, 'c')}.toBytes();
        QTest::newRow("a sealed envelope") << sealed << qint64(4 + 300 + 4 + 64);
        QTest::newRow("truncated inside the signature") << sealed.left(320) << qint64(320);
        QTest::newRow("shorter than a length") << QByteArray(3, '\0') << qint64(3);
        QTest::newRow("a header length past the end") << QByteArray("\xff\xff\xff\xff\x01", 5) << qint64(5);
    }

    void holdsHeaderAndSignature()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(qint64, minimum);
        QCOMPARE(ChunkedPush::minimumFirstChunk(bytes), minimum);
    }
};

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv); // the default sleep runs an event loop
    int status = 0;
    {
        TestAdaptiveChunkSize sizes;
        status |= QTest::qExec(&sizes, argc, argv);
    }
    {
        TestRetryDeadline deadline;
        status |= QTest::qExec(&deadline, argc, argv);
    }
    {
        TestFirstChunk firstChunk;
        status |= QTest::qExec(&firstChunk, argc, argv);
    }
    return status;
}

#include "TestAdaptiveChunkSize.moc"
