#pragma once

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QDialogButtonBox;
class QGroupBox;
class QLineEdit;
class QPushButton;

namespace kjzy::desktop {

class FieldMessageLabel;
class RegionPicker;

// The outcome of an enrollment attempt run on a worker thread.
struct EnrollAttempt
{
    bool ok = false;
    QString message; // Chinese: what happened, for the dialog
};

// Shown while the local database has no region: the clerk picks province → city → county (the
// device's scope, as `kjzy init --region`) and may enroll the device with the server address and
// a one-time code (as `kjzy enroll`). Enrollment talks to the network, so it runs on a worker
// thread with its own database connection; the program works fully without it.
class FirstStartDialog : public QDialog
{
    Q_OBJECT
public:
    explicit FirstStartDialog(const QString& databasePath, QWidget* parent = nullptr);
    ~FirstStartDialog() override;

    // For a database that has its region already: only the enrollment part is live (the main
    // window's 登记到服务器 action, for a clerk who skipped it at the first start).
    void setEnrollOnly(const QString& region);

    RegionPicker* regionPicker() const { return m_region; }
    QCheckBox* enrollCheck() const { return m_enroll; }
    QLineEdit* serverEdit() const { return m_server; }
    QLineEdit* codeEdit() const { return m_code; }
    QPushButton* okButton() const;
    FieldMessageLabel* message() const { return m_message; }
    bool isEnrolling() const { return m_watcher.isRunning(); }

public slots:
    void accept() override;

signals:
    // The region was stored (the main window may open even if enrollment then fails).
    void initialized(const QString& region);

private:
    void updateState();
    void enrollFinished();

    QString m_databasePath;
    RegionPicker* m_region;
    QGroupBox* m_enrollBox;
    QCheckBox* m_enroll;
    QLineEdit* m_server;
    QLineEdit* m_code;
    FieldMessageLabel* m_message;
    QDialogButtonBox* m_buttons;
    QFutureWatcher<EnrollAttempt> m_watcher;
    QString m_failure; // the last refusal, shown until the next attempt
    bool m_initialized = false;
};

} // namespace kjzy::desktop
