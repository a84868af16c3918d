#include "ZipEntryReader.h"

#include <quazip.h>
#include <quazipfile.h>

#include <QByteArray>

namespace kjzy {

namespace {
constexpr qint64 kDrainChunkBytes = 64 * 1024;
}

ZipEntryReader::ZipEntryReader(QuaZip* zip, qint64* inflatedTotal, qint64 maxInflated)
    : m_file(std::make_unique<QuaZipFile>(zip)), m_inflatedTotal(inflatedTotal), m_maxInflated(maxInflated)
{}

ZipEntryReader::~ZipEntryReader()
{
    if (m_file->isOpen())
        m_file->close();
}

bool ZipEntryReader::open()
{
    if (!m_file->open(QIODevice::ReadOnly)) {
        m_state = State::Corrupt;
        m_zipError = m_file->getZipError();
        return false;
    }
    return true;
}

qint64 ZipEntryReader::read(char* data, qint64 maxSize)
{
    if (m_state != State::Ok)
        return -1;
    if (m_atEnd || !m_file->isOpen())
        return 0;
    const qint64 n = m_file->read(data, maxSize);
    if (n < 0) {
        m_state = State::Corrupt;
        m_zipError = m_file->getZipError();
        return -1;
    }
    if (n == 0) {
        m_atEnd = true;
        return 0;
    }
    *m_inflatedTotal += n;
    if (*m_inflatedTotal > m_maxInflated) {
        m_state = State::LimitExceeded;
        return -1;
    }
    return n;
}

ZipEntryReader::State ZipEntryReader::finish()
{
    if (m_finished || !m_file->isOpen())
        return m_state;
    m_finished = true;
    QByteArray buffer(kDrainChunkBytes, Qt::Uninitialized);
    while (read(buffer.data(), buffer.size()) > 0) {
    }
    if (m_state == State::Ok) {
        m_file->close();
        if (m_file->getZipError() != UNZ_OK) {
            m_state = State::Corrupt;
            m_zipError = m_file->getZipError();
        }
    }
    return m_state;
}

} // namespace kjzy
