// Helpline's UI kit for Android (artifact helpline-android-ui): the Compose screens of
// src/ui/kotlin (shared with the desktop UI tests in tests/compose), their texts in src/ui/res,
// and the Android pieces in src/ui-android (Activity, WebView, pickers, resources). Apps with
// their own design depend on helpline-android alone.
plugins {
    id("com.android.library")
    id("org.jetbrains.kotlin.android")
    id("org.jetbrains.kotlin.plugin.compose") version "2.2.21"
    `maven-publish`
}

group = "dev.helpline"
version = rootProject.version

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
            res.srcDirs("../src/ui/res")
            manifest.srcFile("../src/ui-android/AndroidManifest.xml")
        }
    }

    compileOptions {
        sourceCompatibility = JavaVersion.VERSION_17
        targetCompatibility = JavaVersion.VERSION_17
    }

    publishing {
        singleVariant("release") {
            withSourcesJar()
        }
    }
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    api(project(":"))
    // The versions the desktop tests run (Compose Multiplatform 1.8.2 is Jetpack Compose 1.8.x).
    val composeBom = platform("androidx.compose:compose-bom:2025.06.01")
    api(composeBom)
    api("androidx.compose.material3:material3")
    implementation("androidx.compose.ui:ui")
    implementation("androidx.compose.foundation:foundation")
    implementation("androidx.activity:activity-compose:1.10.1")
}

publishing {
    publications {
        register<MavenPublication>("release") {
            groupId = "dev.helpline"
            artifactId = "helpline-android-ui"
            version = project.version.toString()
            afterEvaluate {
                from(components["release"])
            }
        }
    }
}
