// Helpline for Android: the generated Kotlin bindings (src/main/kotlin, from `cargo xtask
// bindings`), a small idiomatic layer, and the native libraries (src/main/jniLibs, from
// `cargo xtask android --release`). Published as dev.helpline:helpline-android; the UI kit is
// the ui/ module (helpline-android-ui). POM details shared by both are in gradle.properties.
import com.vanniktech.maven.publish.AndroidSingleVariantLibrary

plugins {
    id("com.android.library") version "8.7.3"
    id("org.jetbrains.kotlin.android") version "2.2.21"
    // Loaded here with Kotlin's plugin (one class loader); applied by the UI kit, ui/.
    id("org.jetbrains.kotlin.plugin.compose") version "2.2.21" apply false
    // Maven Central (the Central Portal): sources and javadoc jars, POM checks, signing.
    id("com.vanniktech.maven.publish") version "0.34.0"
}

/** The one version of everything: the Rust workspace's, in ../Cargo.toml. */
val cargoVersion: String = Regex("""(?m)^\[workspace\.package\][^\[]*?^version\s*=\s*"([^"]+)"""")
    .find(rootDir.resolve("../Cargo.toml").readText())
    ?.groupValues?.get(1)
    ?: error("no [workspace.package] version in ../Cargo.toml")

allprojects {
    group = "dev.helpline"
    version = cargoVersion
}

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
}

kotlin {
    jvmToolchain(17)
}

dependencies {
    // The generated bindings call the native library through JNA; its AAR carries libjnidispatch
    // for each ABI. An app that already depends on the plain jna jar excludes one of the two
    // (README, "Install").
    api("net.java.dev.jna:jna:5.18.1@aar")
    // Suspend functions and Flow.
    api("org.jetbrains.kotlinx:kotlinx-coroutines-android:1.10.2")
}

mavenPublishing {
    configure(AndroidSingleVariantLibrary(variant = "release", sourcesJar = true, publishJavadocJar = true))
    coordinates("dev.helpline", "helpline-android", cargoVersion)
    pom {
        name.set("Helpline for Android")
        description.set("In-app support for Android apps: tickets, live chat, an offline help center and a rating prompt, on one Rust core.")
    }
    publishToMavenCentral()
    // Signed when a key is given (ORG_GRADLE_PROJECT_signingInMemoryKey); a local publication needs none.
    if (providers.gradleProperty("signingInMemoryKey").isPresent) signAllPublications()
}
