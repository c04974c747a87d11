// The sample app: the UI kit from its published coordinates, as an app depends on it.
plugins {
    id("com.android.application") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.2.21"
    id("org.jetbrains.kotlin.plugin.compose") version "2.2.21"
}

android {
    namespace = "dev.helpline.example"
    compileSdk = 35

    defaultConfig {
        applicationId = "dev.helpline.example"
        minSdk = 24
        targetSdk = 35
        versionCode = 1
        versionName = "1.0"
        testInstrumentationRunner = "androidx.test.runner.AndroidJUnitRunner"
    }

    buildFeatures {
        compose = true
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // Brings helpline-android (the headless API) and Compose with Material 3. The SDK's version:
    // the workspace's in ../../Cargo.toml.
    implementation("dev.helpline:helpline-android-ui:0.1.0")
    implementation("androidx.activity:activity-compose:1.10.1")

    // The smoke test the release workflow runs on an emulator.
    androidTestImplementation(platform("androidx.compose:compose-bom:2025.06.01"))
    androidTestImplementation("androidx.compose.ui:ui-test-junit4")
    androidTestImplementation("androidx.test.ext:junit:1.2.1")
    androidTestImplementation("androidx.test:runner:1.6.2")
}
