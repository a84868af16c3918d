#include "Console.h"

#include <cstdio>
#include <unistd.h>

namespace kjzy::cli {

Console::Console() : m_out(stdout), m_err(stderr)
{
    m_out.setEncoding(QStringConverter::Utf8);
    m_err.setEncoding(QStringConverter::Utf8);
}

bool Console::stdoutIsTerminal() const
{
    return ::isatty(STDOUT_FILENO) == 1;
}

void Console::printJson(const QJsonDocument& document)
{
    m_out << QString::fromUtf8(document.toJson(QJsonDocument::Indented));
    m_out.flush();
}

int Console::fail(const Error& error)
{
    m_err << QStringLiteral("错误：") << error.message << Qt::endl;
    return int(exitCodeFor(error.code));
}

int Console::failValidation(const ValidationIssues& issues, const QString& context)
{
    for (const auto& issue : issues)
        m_err << (context.isEmpty() ? QString() : context + QStringLiteral("：")) << issue.toText()
              << Qt::endl;
    m_err << QStringLiteral("共 %1 处问题，未保存。").arg(issues.size()) << Qt::endl;
    return int(ExitCode::Refused);
}

int Console::usage(const QString& message, const QString& help)
{
    m_err << QStringLiteral("用法错误：") << message << Qt::endl << help;
    m_err.flush();
    return int(ExitCode::Usage);
}

} // namespace kjzy::cli
