#include "settings_dialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace kith::ui {
namespace {

// Settings keep where names go as a word; the app has it as the metadata target, or none.
constexpr const char* kNoNameExport = "off";

QString nameExportWord(std::optional<metadata::Target> target) {
    if (!target) return kNoNameExport;
    return *target == metadata::Target::Embedded ? "embedded" : "sidecar";
}

// A word this version does not know (a newer one's, or a typo) keeps `otherwise`.
std::optional<metadata::Target> parseNameExport(const QString& word,
                                                std::optional<metadata::Target> otherwise) {
    if (word == kNoNameExport) return std::nullopt;
    if (word == "sidecar") return metadata::Target::Sidecar;
    if (word == "embedded") return metadata::Target::Embedded;
    return otherwise;
}

}  // namespace

void applySettings(QSettings& settings, AppOptions& options, bool keepLibrary) {
    if (!keepLibrary && settings.contains("library"))
        options.library = settings.value("library").toString().toStdString();
    options.jobs = settings.value("scan/jobs", options.jobs).toInt();
    // A word this version does not know (a newer one's, or a typo) keeps the default.
    options.backend =
        vision::parseBackendPreference(settings.value("scan/backend").toString().toStdString())
            .value_or(options.backend);
    options.smallFaces = settings.value("scan/smallFaces", options.smallFaces).toBool();
    options.samePerson = settings.value("people/samePerson", options.samePerson).toFloat();
    options.nameAfter = settings.value("people/nameAfter", options.nameAfter).toInt();
    options.nameExport =
        parseNameExport(settings.value("xmp/export").toString(), options.nameExport);
}

void saveSettings(QSettings& settings, const AppOptions& options) {
    settings.setValue("library", QString::fromStdString(options.library.string()));
    settings.setValue("scan/jobs", options.jobs);
    settings.setValue("scan/backend",
                      QString::fromStdString(vision::backendPreferenceName(options.backend)));
    settings.setValue("scan/smallFaces", options.smallFaces);
    settings.setValue("people/samePerson", options.samePerson);
    settings.setValue("people/nameAfter", options.nameAfter);
    settings.setValue("xmp/export", nameExportWord(options.nameExport));
}

SettingsDialog::SettingsDialog(const AppOptions& options, QWidget* parent)
    : QDialog(parent),
      library_(new QLineEdit(QString::fromStdString(options.library.string()))),
      jobs_(new QSpinBox),
      backend_(new QComboBox),
      backendChoice_(new QLabel),
      smallFaces_(new QCheckBox(tr("Look for faces far away in large photos (scans take 15-20 "
                                   "times as long)"))),
      samePerson_(new QDoubleSpinBox),
      nameAfter_(new QSpinBox),
      nameExport_(new QComboBox) {
    setWindowTitle(tr("Settings"));
    jobs_->setRange(0, 64);
    jobs_->setSpecialValueText(tr("One per core"));
    jobs_->setValue(options.jobs);
    backend_->setObjectName("backend");
    backend_->addItem(tr("Automatic (a GPU when there is one)"),
                      static_cast<int>(vision::BackendPreference::Auto));
    backend_->addItem(tr("CPU"), static_cast<int>(vision::BackendPreference::Cpu));
    backend_->addItem(tr("GPU, OpenCL"), static_cast<int>(vision::BackendPreference::OpenCl));
    backend_->addItem(tr("GPU, OpenCL with 16-bit floats (faster, less exact)"),
                      static_cast<int>(vision::BackendPreference::OpenClFp16));
    backend_->addItem(tr("GPU, CUDA"), static_cast<int>(vision::BackendPreference::Cuda));
    backend_->setCurrentIndex(std::max(0, backend_->findData(static_cast<int>(options.backend))));
    // What each choice comes to on this machine, asked of OpenCV once.
    backendChoice_->setWordWrap(true);
    const vision::AcceleratorProbe probe = vision::probeAccelerators();
    const auto showChoice = [this, probe] {
        backendChoice_->setText(
            QString::fromStdString(vision::chooseBackend(selectedBackend(), probe).description));
    };
    showChoice();
    connect(backend_, &QComboBox::currentIndexChanged, this, showChoice);
    smallFaces_->setObjectName("smallFaces");
    smallFaces_->setChecked(options.smallFaces);
    smallFaces_->setToolTip(
        tr("Kith finds small faces among larger ones (a group, a crowd). This looks over every "
           "photo at full resolution for faces down to 20 pixels, even alone. It applies to "
           "photos scanned from now on."));
    samePerson_->setRange(0.30, 0.50);
    samePerson_->setSingleStep(0.01);
    samePerson_->setDecimals(2);
    samePerson_->setValue(options.samePerson);
    samePerson_->setToolTip(
        tr("Two faces closer than this are the same person. Lower: fewer "
           "wrong merges, more questions. Default 0.40."));
    nameAfter_->setRange(1, 50);
    nameAfter_->setValue(options.nameAfter);
    nameAfter_->setToolTip(tr("Kith asks \"who is this?\" once a new person has this many faces"));

    nameExport_->addItem(tr("Kept in Kith only"), nameExportWord(std::nullopt));
    nameExport_->addItem(tr("Also in XMP sidecars beside the photos"),
                         nameExportWord(metadata::Target::Sidecar));
    nameExport_->addItem(tr("Also inside the photo files"),
                         nameExportWord(metadata::Target::Embedded));
    nameExport_->setCurrentIndex(
        std::max(0, nameExport_->findData(nameExportWord(options.nameExport))));
    nameExport_->setToolTip(
        tr("Names written as XMP face regions, which digiKam, Lightroom and other apps read. "
           "Sidecars (photo.jpg.xmp) leave the photos untouched; inside the files, each photo is "
           "rewritten only after the new version is verified."));

    auto* browse = new QPushButton(tr("Choose…"));
    auto* libraryRow = new QHBoxLayout;
    libraryRow->addWidget(library_, 1);
    libraryRow->addWidget(browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Library file (used from the next start)"), libraryRow);
    form->addRow(tr("Scan workers"), jobs_);
    form->addRow(tr("Face detection runs on"), backend_);
    form->addRow(QString(), backendChoice_);
    form->addRow(QString(), smallFaces_);
    form->addRow(tr("Names for other apps"), nameExport_);
    form->addRow(new QLabel(tr("<b>Advanced</b>")));
    form->addRow(tr("Same-person distance"), samePerson_);
    form->addRow(tr("Ask for a name after"), nameAfter_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(
            this, tr("Library file"), library_->text(), tr("Kith library (*.db)"), nullptr,
            QFileDialog::DontConfirmOverwrite);
        if (!file.isEmpty()) library_->setText(file);
    });
}

AppOptions SettingsDialog::values(AppOptions options) const {
    options.library = library_->text().toStdString();
    options.jobs = jobs_->value();
    options.backend = selectedBackend();
    options.smallFaces = smallFaces_->isChecked();
    options.samePerson = static_cast<float>(samePerson_->value());
    options.nameAfter = nameAfter_->value();
    options.nameExport = parseNameExport(nameExport_->currentData().toString(), std::nullopt);
    return options;
}

vision::BackendPreference SettingsDialog::selectedBackend() const {
    return static_cast<vision::BackendPreference>(backend_->currentData().toInt());
}

}  // namespace kith::ui
