#pragma once

#include "core/Error.h"

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace kjzy {

// Follows one connection's bytes request by request, framing them the way an HTTP/1.1 server must
// (RFC 9112 §6: without Transfer-Encoding a request has exactly Content-Length body bytes, none when
// the header is absent), so the limits can be decided from the head alone, before any body byte is
// kept. Stricter than Qt's parser on purpose: whatever the scanner passes, http_parser frames the
// same way, so both agree where each request ends on a kept-alive connection. No sockets here.
class HttpRequestScanner
{
public:
    enum class Phase
    {
        BetweenRequests, // no byte of the next request yet
        Head,            // part of a request line and headers
        Body,            // bodyBytesLeft() more bytes belong to the current request
    };

    struct Refusal
    {
        int status = 400;
        Error error;
    };

    HttpRequestScanner(qint64 maxHeadBytes, qint64 maxBodyBytes);

    // The next bytes of the stream, in order. Returns a refusal as soon as they break a rule; after a
    // refusal the stream is dead and must not be fed again.
    std::optional<Refusal> feed(QByteArrayView bytes);
    // Passes over up to `available` body bytes of the current request without looking at them (a
    // body needs no scanning, and peeking megabytes only to count them would copy them); returns how
    // many belonged to the body. 0 outside Phase::Body.
    qint64 skipBody(qint64 available);

    Phase phase() const { return m_phase; }
    qint64 bodyBytesLeft() const { return m_bodyLeft; }
    int headsStarted() const { return m_headsStarted; }
    int requestsCompleted() const { return m_requestsCompleted; }

private:
    std::optional<Refusal> checkPartialRequestLine() const;
    std::optional<Refusal> checkRequestLine(QByteArrayView line);
    std::optional<Refusal> concludeHead();
    void finishRequest();

    qint64 m_maxHeadBytes;
    qint64 m_maxBodyBytes;
    Phase m_phase = Phase::BetweenRequests;
    QByteArray m_head;         // the current head so far (at most maxHeadBytes + 1 bytes)
    qsizetype m_lineStart = 0; // where the line being read starts in m_head
    bool m_requestLineSeen = false;
    qint64 m_bodyLeft = 0;
    int m_headsStarted = 0;
    int m_requestsCompleted = 0;
};

} // namespace kjzy
