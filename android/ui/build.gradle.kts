// Helpline's UI kit for Android (artifact helpline-android-ui): the Compose screens of
// src/ui/kotlin (shared with the desktop UI tests in tests/compose), their texts in src/ui/res,
// and the Android pieces in src/ui-android (Activity, WebView, pickers). Apps with their own
// design depend on helpline-android alone.
import com.vanniktech.maven.publish.AndroidSingleVariantLibrary

plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
    id("org.jetbrains.kotlin.plugin.compose")
    id("com.vanniktech.maven.publish")
}

android {
    namespace = "dev.helpline.ui"
    compileSdk = 35

    defaultConfig {
        minSdk = 24
    }

    buildFeatures {
        compose = true
    }

    sourceSets {
        getByName("main") {
            kotlin.srcDirs("../src/ui/kotlin", "../src/ui-android/kotlin")
            res.srcDirs("../src/ui/res", "../src/ui-android/res")
            manifest.srcFile("../src/ui-android/AndroidManifest.xml")
        }
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
    api(project(":"))
    // The versions the desktop tests run (Compose Multiplatform 1.8.2 is Jetpack Compose 1.8.x).
    api(platform("androidx.compose:compose-bom:2025.06.01"))
    api("androidx.compose.material3:material3")
    implementation("androidx.compose.ui:ui")
    implementation("androidx.compose.foundation:foundation")
    implementation("androidx.activity:activity-compose:1.10.1")
    // A screen is visible while resumed (LocalLifecycleOwner, currentStateFlow).
    implementation("androidx.lifecycle:lifecycle-runtime-compose:2.8.7")
}

mavenPublishing {
    configure(AndroidSingleVariantLibrary(variant = "release", sourcesJar = true, publishJavadocJar = true))
    coordinates("dev.helpline", "helpline-android-ui", project.version.toString())
    pom {
        name.set("Helpline UI for Android")
        description.set("Drop-in support screens for Helpline: Jetpack Compose and Material 3, one call to show them.")
    }
    publishToMavenCentral()
    if (providers.gradleProperty("signingInMemoryKey").isPresent) signAllPublications()
}
