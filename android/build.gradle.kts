// Helpline for Android: the generated Kotlin bindings (src/main/kotlin, from `cargo xtask
// bindings`), a small idiomatic layer, and the native libraries (src/main/jniLibs, from
// `cargo xtask android`).
plugins {
    id("com.android.library") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.2.21"
    `maven-publish`
}

group = "dev.helpline"
version = "0.1.0"

android {
    namespace = "dev.helpline.sdk"
    compileSdk = 35

    defaultConfig {
        minSdk = 24
        consumerProguardFiles("consumer-rules.pro")
    }

    sourceSets {
        getByName("main") {
            // src/main/kotlin compiles on a desktop JVM too (tests/kotlin runs it there);
            // src/android/kotlin holds what needs the Android SDK.
            kotlin.srcDirs("src/main/kotlin", "src/android/kotlin")
            jniLibs.srcDirs("src/main/jniLibs")
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
    // The generated bindings call the native library through JNA; its AAR carries libjnidispatch.
    api("net.java.dev.jna:jna:5.18.1@aar")
    // Suspend functions and Flow.
    api("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.2")
}

publishing {
    publications {
        register<MavenPublication>("release") {
            groupId = "dev.helpline"
            artifactId = "helpline-android"
            version = project.version.toString()
            afterEvaluate {
                from(components["release"])
            }
        }
    }
}
