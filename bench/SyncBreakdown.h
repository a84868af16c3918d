#pragma once

#include "BenchReport.h"
#include "core/Error.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace kjzy {
class ServerKeys;
class DeviceKeys;
} // namespace kjzy

namespace kjzy::bench {

// Where the time of ingest and apply goes, without touching library code: the same messages are
// taken apart again step by step with the public pieces the services are made of (envelope,
// codec, merge, validation, blind index, store calls in the services' order) on replica
// databases, with a timer around each step. The sum is compared with the measured total; the
// difference is what the services do besides (copies, logging, the reply).
struct Phase
{
    QString name;
    double seconds = 0;
    QString what;
    bool counted = true; // false: a part of an earlier phase, shown but not summed again
};

class SyncBreakdown
{
public:
    static Result<QList<Phase>> ingest(const QList<QByteArray>& sealedChangeSets,
                                       const QByteArray& deviceSignKey, const ServerKeys& keys,
                                       const QString& replicaPath);
    static Result<QList<Phase>> apply(const QList<QByteArray>& sealedPages, const QByteArray& serverSignKey,
                                      const DeviceKeys& keys, const QString& replicaPath);
    // "<prefix>_phase_<name>_s: 0.123 s (12.3%: what)" per phase, then the replicas' sum.
    static void print(BenchReport& report, const QString& prefix, const QList<Phase>& phases,
                      double measured);
};

} // namespace kjzy::bench
