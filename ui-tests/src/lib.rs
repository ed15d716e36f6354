//! Compile-fail and compile-pass cases for the `ApiError` derive live in `cases/`.
