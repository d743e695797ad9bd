// jtile's JNI binding to Mapnik 3.1: load a style, render a metatile image, encode tile views.
//
// Rules (see MapnikNative.java):
//  - no C++ exception crosses into Java: every entry point catches and throws MapnikException;
//  - handles are heap pointers owned by the Java object holding them; nothing here is global except
//    Mapnik's own process-wide plugin and font registries, set up once;
//  - one mapnik::Map is only ever used by one thread at a time (renderd keeps one per render thread);
//    an image may be encoded from several threads at once, as encoding only reads it.
#include "org_jtile_mapnik_MapnikNative.h"

#include <mapnik/agg_renderer.hpp>
#include <mapnik/box2d.hpp>
#include <mapnik/datasource.hpp>
#include <mapnik/datasource_cache.hpp>
#include <mapnik/font_engine_freetype.hpp>
#include <mapnik/image.hpp>
#include <mapnik/image_util.hpp>
#include <mapnik/image_view.hpp>
#include <mapnik/image_view_any.hpp>
#include <mapnik/layer.hpp>
#include <mapnik/load_map.hpp>
#include <mapnik/map.hpp>
#include <mapnik/params.hpp>

#include <clocale>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>

namespace {

// The size C renderd gives a map before loading its style; some styles depend on the initial size.
const int kLoadSize = 256 * 9;

std::once_flag init_once;

void throw_java(JNIEnv *env, const std::string &message) {
  jclass type = env->FindClass("org/jtile/mapnik/MapnikException");
  if (type != nullptr) {
    env->ThrowNew(type, message.c_str());
  }
}

std::string to_string(JNIEnv *env, jstring text) {
  if (text == nullptr) {
    return std::string();
  }
  const char *chars = env->GetStringUTFChars(text, nullptr);
  if (chars == nullptr) {
    throw std::runtime_error("out of memory reading a string argument");
  }
  std::string result(chars);
  env->ReleaseStringUTFChars(text, chars);
  return result;
}

mapnik::Map &map_of(jlong handle) { return *reinterpret_cast<mapnik::Map *>(handle); }

mapnik::image_rgba8 &image_of(jlong handle) { return *reinterpret_cast<mapnik::image_rgba8 *>(handle); }

// Runs body, turning any C++ exception into a pending MapnikException; returns fallback then.
template <typename T, typename F> T guarded(JNIEnv *env, const char *what, T fallback, F body) {
  try {
    return body();
  } catch (std::exception const &e) {
    throw_java(env, std::string(what) + ": " + e.what());
  } catch (...) {
    throw_java(env, std::string(what) + ": unknown C++ exception");
  }
  return fallback;
}

// The "language" parameterisation: the first ",name" of every layer's table query is replaced.
void localise(mapnik::Map &map, const std::string &name_column) {
  for (unsigned i = 0; i < map.layer_count(); i++) {
    mapnik::layer &layer = map.get_layer(i);
    if (!layer.datasource()) {
      continue;
    }
    mapnik::parameters params = layer.datasource()->params();
    auto table = params.get<std::string>("table");
    if (!table) {
      continue;
    }
    std::string query = *table;
    size_t at = query.find(",name");
    if (at == std::string::npos) {
      continue;
    }
    query.replace(at, 5, name_column);
    params["table"] = query;
    layer.set_datasource(mapnik::datasource_cache::instance().create(params));
  }
}

}  // namespace

JNIEXPORT void JNICALL Java_org_jtile_mapnik_MapnikNative_init(JNIEnv *env, jclass, jstring plugins,
                                                              jstring fonts, jboolean recurse) {
  guarded(env, "init", 0, [&] {
    std::string plugins_dir = to_string(env, plugins);
    std::string font_dir = to_string(env, fonts);
    std::call_once(init_once, [&] {
      // the JVM set the locale from the environment; GDAL and PROJ parse numbers with strtod
      std::setlocale(LC_NUMERIC, "C");
      mapnik::datasource_cache::instance().register_datasources(plugins_dir);
      if (!font_dir.empty()) {
        mapnik::freetype_engine::register_fonts(font_dir, recurse == JNI_TRUE);
      }
    });
    return 0;
  });
}

JNIEXPORT jlong JNICALL Java_org_jtile_mapnik_MapnikNative_loadMap(JNIEnv *env, jclass, jstring xml) {
  return guarded<jlong>(env, "load_map", 0, [&] {
    std::unique_ptr<mapnik::Map> map(new mapnik::Map(256, 256));
    map->resize(kLoadSize, kLoadSize);
    mapnik::load_map(*map, to_string(env, xml));
    map->load_fonts();
    return reinterpret_cast<jlong>(map.release());
  });
}

JNIEXPORT jstring JNICALL Java_org_jtile_mapnik_MapnikNative_strictProblem(JNIEnv *env, jclass, jstring xml) {
  return guarded<jstring>(env, "load_map (strict)", nullptr, [&]() -> jstring {
    mapnik::Map probe(256, 256);
    try {
      mapnik::load_map(probe, to_string(env, xml), true);
    } catch (std::exception const &e) {
      return env->NewStringUTF(e.what());
    }
    return nullptr;
  });
}

JNIEXPORT jstring JNICALL Java_org_jtile_mapnik_MapnikNative_srs(JNIEnv *env, jclass, jlong map) {
  return guarded<jstring>(env, "srs", nullptr, [&] { return env->NewStringUTF(map_of(map).srs().c_str()); });
}

JNIEXPORT jlong JNICALL Java_org_jtile_mapnik_MapnikNative_renderImage(
    JNIEnv *env, jclass, jlong handle, jint width, jint height, jdouble scale, jint default_buffer, jdouble min_x,
    jdouble min_y, jdouble max_x, jdouble max_y, jstring language) {
  return guarded<jlong>(env, "render", 0, [&] {
    mapnik::Map &map = map_of(handle);
    map.resize(width, height);
    map.zoom_to_box(mapnik::box2d<double>(min_x, min_y, max_x, max_y));
    if (map.buffer_size() == 0) {  // only when the style sets none, as C renderd
      map.set_buffer_size(default_buffer);
    }
    std::unique_ptr<mapnik::image_rgba8> image(new mapnik::image_rgba8(width, height));
    std::string name_column = to_string(env, language);
    if (name_column.empty()) {
      mapnik::agg_renderer<mapnik::image_rgba8> renderer(map, *image, scale);
      renderer.apply();
    } else {
      mapnik::Map localised = map;
      localise(localised, name_column);
      localised.load_fonts();
      mapnik::agg_renderer<mapnik::image_rgba8> renderer(localised, *image, scale);
      renderer.apply();
    }
    return reinterpret_cast<jlong>(image.release());
  });
}

JNIEXPORT jbyteArray JNICALL Java_org_jtile_mapnik_MapnikNative_encode(JNIEnv *env, jclass, jlong image, jint x,
                                                                     jint y, jint size, jstring format) {
  return guarded<jbyteArray>(env, "encode", nullptr, [&]() -> jbyteArray {
    mapnik::image_view<mapnik::image_rgba8> view(x, y, size, size, image_of(image));
    std::string bytes = mapnik::save_to_string(mapnik::image_view_any(view), to_string(env, format));
    jbyteArray out = env->NewByteArray(static_cast<jsize>(bytes.size()));
    if (out == nullptr) {
      return nullptr;  // OutOfMemoryError is pending
    }
    env->SetByteArrayRegion(out, 0, static_cast<jsize>(bytes.size()), reinterpret_cast<const jbyte *>(bytes.data()));
    return out;
  });
}

JNIEXPORT void JNICALL Java_org_jtile_mapnik_MapnikNative_freeImage(JNIEnv *, jclass, jlong image) {
  delete reinterpret_cast<mapnik::image_rgba8 *>(image);
}

JNIEXPORT void JNICALL Java_org_jtile_mapnik_MapnikNative_freeMap(JNIEnv *, jclass, jlong map) {
  delete reinterpret_cast<mapnik::Map *>(map);
}
