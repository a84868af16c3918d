#pragma once

#include <QtGlobal>

#include <memory>

class QuaZip;
class QuaZipFile;

namespace kjzy {

// Reads one zip entry in chunks, counting the bytes it actually inflates against a budget shared by
// every entry of the archive. Declared sizes are never trusted: once the running total passes the
// budget, reading fails and state() says LimitExceeded. A damaged stream, or a CRC mismatch seen
// when the entry is finished, gives Corrupt.
class ZipEntryReader
{
public:
    enum class State
    {
        Ok,
        Corrupt,
        LimitExceeded
    };

    // `zip` must be open for unzipping with the wanted entry current. `inflatedTotal` is the
    // archive-wide counter this reader adds to; `maxInflated` the budget for that counter.
    ZipEntryReader(QuaZip* zip, qint64* inflatedTotal, qint64 maxInflated);
    ~ZipEntryReader();
    ZipEntryReader(const ZipEntryReader&) = delete;
    ZipEntryReader& operator=(const ZipEntryReader&) = delete;

    bool open();
    // Up to `maxSize` inflated bytes into `data`: 0 at the end of the entry, -1 on an error.
    qint64 read(char* data, qint64 maxSize);
    // Reads the rest of the entry (still counting), closes it and checks its CRC.
    State finish();

    State state() const { return m_state; }
    // The unzip error code behind a Corrupt state, for messages.
    int zipError() const { return m_zipError; }

private:
    std::unique_ptr<QuaZipFile> m_file;
    qint64* m_inflatedTotal;
    qint64 m_maxInflated;
    State m_state = State::Ok;
    int m_zipError = 0;
    bool m_atEnd = false;
    bool m_finished = false;
};

} // namespace kjzy
