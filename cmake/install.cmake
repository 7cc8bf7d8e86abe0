# `make install` (cmake --install): headers, the static library fdl_core, the CLI, and a CMake
# package so that a consumer writes
#
#   find_package(fdl REQUIRED)
#   target_link_libraries(app PRIVATE fdl::fdl)
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set_target_properties(fdl_core PROPERTIES EXPORT_NAME fdl)
target_include_directories(fdl_core PUBLIC $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
# Eigen's alignment (and so the layout of fdl's types) depends on the vector ISA: users compile
# with the flags the library was built with.
if(FDL_NATIVE)
  target_compile_options(fdl_core INTERFACE $<INSTALL_INTERFACE:-march=native>)
endif()

install(DIRECTORY include/fdl DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS fdl_core EXPORT fdlTargets ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(TARGETS fdl_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(FDL_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/fdl)
install(EXPORT fdlTargets NAMESPACE fdl:: DESTINATION ${FDL_CMAKE_DIR})
configure_package_config_file(cmake/fdlConfig.cmake.in ${CMAKE_BINARY_DIR}/fdlConfig.cmake
                              INSTALL_DESTINATION ${FDL_CMAKE_DIR})
write_basic_package_version_file(${CMAKE_BINARY_DIR}/fdlConfigVersion.cmake COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/fdlConfig.cmake ${CMAKE_BINARY_DIR}/fdlConfigVersion.cmake
        DESTINATION ${FDL_CMAKE_DIR})
