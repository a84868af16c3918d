#pragma once

#include "core/Error.h"
#include "core/ExitCode.h"
#include "validation/ValidationIssue.h"

#include <QJsonDocument>
#include <QTextStream>

namespace kjzy::cli {

// stdout for results (ids, tables, JSON), stderr for messages: one line each, UTF-8.
class Console
{
public:
    Console();

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }
    bool stdoutIsTerminal() const;

    void printJson(const QJsonDocument& document);
    // Prints the error on stderr and returns the exit code CLI.md assigns to it.
    int fail(const Error& error);
    // Every issue on its own line, prefixed with `context` (e.g. the record), then exit code 1.
    int failValidation(const ValidationIssues& issues, const QString& context = {});
    int usage(const QString& message, const QString& help);

private:
    QTextStream m_out;
    QTextStream m_err;
};

} // namespace kjzy::cli
