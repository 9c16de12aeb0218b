// The file names of face-api's three models inside a model folder.
#pragma once

namespace kith::vision {

inline constexpr const char* kDetectorManifest = "ssd_mobilenetv1_model-weights_manifest.json";
inline constexpr const char* kLandmarkManifest = "face_landmark_68_model-weights_manifest.json";
inline constexpr const char* kRecognitionManifest = "face_recognition_model-weights_manifest.json";

}  // namespace kith::vision
